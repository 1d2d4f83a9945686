using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Data.Configurations;

// Ids come from the engine (order, trade) and the ledger (posting sequence), never from the database: the engine
// must know them before anything is written.
internal sealed class OrderRecordConfiguration : IEntityTypeConfiguration<OrderRecord>
{
    public void Configure(EntityTypeBuilder<OrderRecord> builder)
    {
        builder.ToTable("Orders");
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.ClientOrderId).HasMaxLength(64);
        builder.Property(o => o.CancelReason).HasMaxLength(64);
        builder.HasIndex(o => new { o.Status, o.Sequence });
        builder.HasIndex(o => new { o.OperatorId, o.Id });
        // An order looked up by the id its owner gave it (GET by client order id, list filters) reads one entry.
        builder.HasIndex(o => new { o.OperatorId, o.ClientOrderId });
    }
}

internal sealed class TradeRecordConfiguration : IEntityTypeConfiguration<TradeRecord>
{
    public void Configure(EntityTypeBuilder<TradeRecord> builder)
    {
        builder.ToTable("Trades");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasIndex(t => t.ExecutedAt);
        builder.HasIndex(t => new { t.MakerOperatorId, t.Id });
        builder.HasIndex(t => new { t.TakerOperatorId, t.Id });
        // An order's fills are found by its id on either side of the trade, without scanning the operator's trades;
        // the operator second lets the fills query (order ids of one operator) use both columns.
        builder.HasIndex(t => new { t.MakerOrderId, t.MakerOperatorId });
        builder.HasIndex(t => new { t.TakerOrderId, t.TakerOperatorId });
    }
}

internal sealed class PostingRecordConfiguration : IEntityTypeConfiguration<PostingRecord>
{
    public void Configure(EntityTypeBuilder<PostingRecord> builder)
    {
        builder.ToTable("Postings");
        builder.HasKey(p => p.Sequence);
        builder.Property(p => p.Sequence).ValueGeneratedNever();
        builder.HasIndex(p => new { p.FromOwner, p.Sequence });
        builder.HasIndex(p => new { p.ToOwner, p.Sequence });
    }
}

internal sealed class SystemAccountRecordConfiguration : IEntityTypeConfiguration<SystemAccountRecord>
{
    public void Configure(EntityTypeBuilder<SystemAccountRecord> builder)
    {
        builder.ToTable("SystemAccounts");
        builder.HasKey(a => a.Kind);
        builder.Property(a => a.Kind).ValueGeneratedNever();
    }
}

internal sealed class MarketStateRecordConfiguration : IEntityTypeConfiguration<MarketStateRecord>
{
    public void Configure(EntityTypeBuilder<MarketStateRecord> builder)
    {
        builder.ToTable("MarketState");
        builder.Property(s => s.Id).ValueGeneratedNever();
    }
}

internal sealed class ClientOrderEntryConfiguration : IEntityTypeConfiguration<ClientOrderEntry>
{
    public void Configure(EntityTypeBuilder<ClientOrderEntry> builder)
    {
        builder.ToTable("ClientOrders");
        builder.HasKey(c => new { c.OperatorId, c.ClientOrderId });
        builder.Property(c => c.ClientOrderId).HasMaxLength(64);
    }
}

internal sealed class CancelAfterSwitchConfiguration : IEntityTypeConfiguration<CancelAfterSwitch>
{
    public void Configure(EntityTypeBuilder<CancelAfterSwitch> builder)
    {
        builder.ToTable("CancelAfterSwitches");
        builder.HasKey(s => s.OperatorId);
        builder.Property(s => s.OperatorId).ValueGeneratedNever();
        // The leader's look-up: the switches that are due.
        builder.HasIndex(s => s.TriggerAt);
    }
}
