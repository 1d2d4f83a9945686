using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Data;

/// <summary>
/// The one database: Identity tables plus the exchange and economy tables. Mappings live in
/// <c>Configurations/</c>, one class per entity, and are picked up by assembly scan. This type carries the SQLite
/// migrations; <see cref="PostgresAppDbContext"/> is the same model with PostgreSQL's own migrations (EF Core's
/// multi-provider layout: one context type per provider, each with its migrations folder).
/// </summary>
public class AppDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options)
        : base(options)
    {
        SavingChanges += StampAuditAddress;
    }

    /// <summary>For a provider's own context type (<see cref="PostgresAppDbContext"/>).</summary>
    protected AppDbContext(DbContextOptions options)
        : base(options)
    {
        SavingChanges += StampAuditAddress;
    }

    /// <summary>
    /// The client IP an admin acted from, set by the exchange's writer while it applies that admin's command (from the
    /// journaled command, <see cref="Core.Commands.Actor.Address"/>): every audit entry saved meanwhile without an
    /// address records it, whichever handler wrote the entry and however often it saved. Null otherwise.
    /// </summary>
    public string? AuditAddress { get; set; }

    private void StampAuditAddress(object? sender, SavingChangesEventArgs e)
    {
        if (AuditAddress is { } address)
            XpFlywheel.Web.Settings.AuditLog.StampAddress(this, address);
    }

    public DbSet<Wallet> Wallets => Set<Wallet>();
    public DbSet<OrderRecord> Orders => Set<OrderRecord>();
    public DbSet<TradeRecord> Trades => Set<TradeRecord>();
    public DbSet<PostingRecord> Postings => Set<PostingRecord>();
    public DbSet<SystemAccountRecord> SystemAccounts => Set<SystemAccountRecord>();
    public DbSet<MarketStateRecord> MarketState => Set<MarketStateRecord>();
    public DbSet<ClientOrderEntry> ClientOrders => Set<ClientOrderEntry>();
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<JobRecord> Jobs => Set<JobRecord>();
    public DbSet<BurnRecord> Burns => Set<BurnRecord>();
    public DbSet<LockRecord> Locks => Set<LockRecord>();
    public DbSet<EpochRecord> Epochs => Set<EpochRecord>();
    public DbSet<EpochAllocationRecord> EpochAllocations => Set<EpochAllocationRecord>();
    public DbSet<EpochScoreLineRecord> EpochScoreLines => Set<EpochScoreLineRecord>();
    public DbSet<EpochWorkRecord> EpochWork => Set<EpochWorkRecord>();
    public DbSet<OperatorVolumeDay> OperatorVolumeDays => Set<OperatorVolumeDay>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();
    public DbSet<NotificationRecord> Notifications => Set<NotificationRecord>();
    public DbSet<SettingRecord> Settings => Set<SettingRecord>();
    public DbSet<OtcOfferRecord> OtcOffers => Set<OtcOfferRecord>();
    public DbSet<OtcRequestRecord> OtcRequests => Set<OtcRequestRecord>();
    public DbSet<OtcQuoteRecord> OtcQuotes => Set<OtcQuoteRecord>();
    public DbSet<OtcTradeRecord> OtcTrades => Set<OtcTradeRecord>();
    public DbSet<JournalEntry> Journal => Set<JournalEntry>();
    public DbSet<IdempotencyEntry> IdempotencyKeys => Set<IdempotencyEntry>();
    public DbSet<WriterFenceRecord> WriterFence => Set<WriterFenceRecord>();
    public DbSet<InboxCommand> CommandInbox => Set<InboxCommand>();
    public DbSet<CancelAfterSwitch> CancelAfterSwitches => Set<CancelAfterSwitch>();

    /// <summary>The data-protection key ring on PostgreSQL, shared by every node (sign-in cookies work on any of them).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; reading one back must say so, or comparisons across time zones drift.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
