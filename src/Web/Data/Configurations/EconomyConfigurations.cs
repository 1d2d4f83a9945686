using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Data.Configurations;

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.ToTable("Agents");
        builder.Property(a => a.Name).HasMaxLength(80);
        builder.Property(a => a.Description).HasMaxLength(500);
        builder.HasIndex(a => a.OperatorId);
        builder.HasIndex(a => a.Name);
        // The leaderboard's default order, exactly: trust and locked XP descending, then older first, then id. An index
        // whose directions differ from the order makes SQLite sort every run of equal trust and locked XP.
        builder.HasIndex(a => new { a.TrustMilli, a.LockedXp, a.CreatedAt, a.Id }).IsDescending(true, true, false, false);
        // The leaderboard's other sortable columns, so any sort pages through an index at 100,000 agents.
        builder.HasIndex(a => a.LockedXp);
        builder.HasIndex(a => a.CreatedAt);
        builder.HasIndex(a => a.JobsAsProvider);
        builder.HasIndex(a => a.SuccessRatePpb);
        builder.HasIndex(a => a.EarnedLastEpoch);
    }
}

internal sealed class JobRecordConfiguration : IEntityTypeConfiguration<JobRecord>
{
    public void Configure(EntityTypeBuilder<JobRecord> builder)
    {
        builder.ToTable("Jobs");
        builder.Property(j => j.FeeTier).HasMaxLength(32);
        builder.HasIndex(j => new { j.ProviderAgentId, j.At });
        builder.HasIndex(j => new { j.ClientAgentId, j.At });
        // Open failures: the window closer's scan, the provider's disputable list and the admin's disputes. Partial: a
        // counted job (Standing 0, nearly all of them) is not in it, so it stays small, and a query for counted jobs
        // of one provider cannot pick it over the provider's index (SQLite, without statistics, did: 2,000,000 rows
        // read for one agent's recount). Queries that want it state its filter (DisputeService.Unsettled).
        builder.HasIndex(j => new { j.Standing, j.DisputableUntil }).HasFilter("\"Standing\" <> 0");
        builder.Property(j => j.ResolvedBy).HasMaxLength(256);
        builder.HasIndex(j => new { j.ProviderOperatorId, j.At });
        builder.HasIndex(j => new { j.ClientOperatorId, j.At });
        builder.HasIndex(j => j.At);
    }
}

internal sealed class BurnRecordConfiguration : IEntityTypeConfiguration<BurnRecord>
{
    public void Configure(EntityTypeBuilder<BurnRecord> builder)
    {
        builder.ToTable("Burns");
        builder.HasIndex(b => new { b.OperatorId, b.At });
        builder.HasIndex(b => b.At);
    }
}

internal sealed class LockRecordConfiguration : IEntityTypeConfiguration<LockRecord>
{
    public void Configure(EntityTypeBuilder<LockRecord> builder)
    {
        builder.ToTable("Locks");
        builder.HasIndex(l => new { l.OperatorId, l.Status });
        builder.HasIndex(l => new { l.AgentId, l.Status });
        builder.HasIndex(l => new { l.Status, l.ReleasableAt });
    }
}

internal sealed class EpochRecordConfiguration : IEntityTypeConfiguration<EpochRecord>
{
    public void Configure(EntityTypeBuilder<EpochRecord> builder)
    {
        builder.ToTable("Epochs");
        builder.HasKey(e => e.Number);
        builder.Property(e => e.Number).ValueGeneratedNever();
        builder.HasIndex(e => e.Status);
    }
}

internal sealed class EpochAllocationRecordConfiguration : IEntityTypeConfiguration<EpochAllocationRecord>
{
    public void Configure(EntityTypeBuilder<EpochAllocationRecord> builder)
    {
        builder.ToTable("EpochAllocations");
        builder.HasKey(a => new { a.EpochNumber, a.AgentId });
        builder.HasIndex(a => new { a.OperatorId, a.EpochNumber });
        foreach (var share in new[] { nameof(EpochAllocationRecord.V), nameof(EpochAllocationRecord.Q), nameof(EpochAllocationRecord.D), nameof(EpochAllocationRecord.R), nameof(EpochAllocationRecord.Share) })
            builder.Property(share).HasPrecision(28, 18);
    }
}

internal sealed class EpochScoreLineRecordConfiguration : IEntityTypeConfiguration<EpochScoreLineRecord>
{
    public void Configure(EntityTypeBuilder<EpochScoreLineRecord> builder)
    {
        builder.ToTable("EpochScoreLines");
        builder.HasKey(a => new { a.EpochNumber, a.AgentId });
        builder.HasIndex(a => new { a.EpochNumber, a.OperatorId });
        foreach (var share in new[] { nameof(EpochScoreLineRecord.V), nameof(EpochScoreLineRecord.Q), nameof(EpochScoreLineRecord.D), nameof(EpochScoreLineRecord.R), nameof(EpochScoreLineRecord.Share) })
            builder.Property(share).HasPrecision(28, 18);
    }
}

internal sealed class EpochWorkRecordConfiguration : IEntityTypeConfiguration<EpochWorkRecord>
{
    public void Configure(EntityTypeBuilder<EpochWorkRecord> builder)
    {
        builder.ToTable("EpochWork");
        builder.HasKey(w => new { w.EpochNumber, w.ProviderAgentId, w.ClientOperatorId });
    }
}

internal sealed class OperatorVolumeDayConfiguration : IEntityTypeConfiguration<OperatorVolumeDay>
{
    public void Configure(EntityTypeBuilder<OperatorVolumeDay> builder)
    {
        builder.ToTable("OperatorVolumeDays");
        builder.HasKey(d => new { d.OperatorId, d.Day });
        builder.HasIndex(d => d.Day);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditLog");
        builder.Property(a => a.Actor).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.Target).HasMaxLength(256);
        builder.Property(a => a.Address).HasMaxLength(64);
        builder.HasIndex(a => a.At);
    }
}

internal sealed class ApiKeyRecordConfiguration : IEntityTypeConfiguration<ApiKeyRecord>
{
    public void Configure(EntityTypeBuilder<ApiKeyRecord> builder)
    {
        builder.ToTable("ApiKeys");
        builder.Property(k => k.Name).HasMaxLength(80);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.Property(k => k.AllowedNetworks).HasMaxLength(1_000);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => k.OperatorId);
    }
}

internal sealed class NotificationRecordConfiguration : IEntityTypeConfiguration<NotificationRecord>
{
    public void Configure(EntityTypeBuilder<NotificationRecord> builder)
    {
        builder.ToTable("Notifications");
        builder.Property(n => n.Kind).HasMaxLength(32);
        builder.Property(n => n.Message).HasMaxLength(500);
        builder.HasIndex(n => new { n.OperatorId, n.Id });
    }
}

internal sealed class SettingRecordConfiguration : IEntityTypeConfiguration<SettingRecord>
{
    public void Configure(EntityTypeBuilder<SettingRecord> builder)
    {
        builder.ToTable("Settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(64);
    }
}
