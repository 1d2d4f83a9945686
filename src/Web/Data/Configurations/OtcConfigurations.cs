using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Data.Configurations;

internal sealed class OtcOfferRecordConfiguration : IEntityTypeConfiguration<OtcOfferRecord>
{
    public void Configure(EntityTypeBuilder<OtcOfferRecord> builder)
    {
        builder.ToTable("OtcOffers");
        // Open offers: the public list, the expiry scan and one operator's offers.
        builder.HasIndex(o => new { o.Status, o.ExpiresAt });
        builder.HasIndex(o => new { o.OperatorId, o.Status });
        builder.HasIndex(o => new { o.CounterpartyId, o.Status });
    }
}

internal sealed class OtcRequestRecordConfiguration : IEntityTypeConfiguration<OtcRequestRecord>
{
    public void Configure(EntityTypeBuilder<OtcRequestRecord> builder)
    {
        builder.ToTable("OtcRequests");
        builder.HasIndex(r => new { r.Status, r.ExpiresAt });
        builder.HasIndex(r => new { r.OperatorId, r.Status });
    }
}

internal sealed class OtcQuoteRecordConfiguration : IEntityTypeConfiguration<OtcQuoteRecord>
{
    public void Configure(EntityTypeBuilder<OtcQuoteRecord> builder)
    {
        builder.ToTable("OtcQuotes");
        builder.HasIndex(q => q.RequestId);
        builder.HasIndex(q => new { q.OperatorId, q.Status });
    }
}

internal sealed class OtcTradeRecordConfiguration : IEntityTypeConfiguration<OtcTradeRecord>
{
    public void Configure(EntityTypeBuilder<OtcTradeRecord> builder)
    {
        builder.ToTable("OtcTrades");
        builder.HasIndex(t => t.At);
        builder.HasIndex(t => new { t.MakerOperatorId, t.At });
        builder.HasIndex(t => new { t.TakerOperatorId, t.At });
    }
}
