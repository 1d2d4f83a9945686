using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Otc;

/// <summary>An OTC trade: who bought and sold, price, quantity, notional and each side's fee (micro-dollars).</summary>
public sealed record OtcTradeView(long Id, long? OfferId, long? QuoteId, long BuyerId, long SellerId, long MakerId, long TakerId,
    Price Price, long Quantity, Cash Notional, Cash MakerFee, Cash TakerFee, DateTime At)
{
    public static OtcTradeView From(OtcTradeRecord t) => new(t.Id, t.OfferId, t.QuoteId, t.BuyerOperatorId, t.SellerOperatorId, t.MakerOperatorId,
        t.TakerOperatorId, new Price(t.PriceTicks), t.Quantity, new Cash(t.NotionalMicros), new Cash(t.MakerFeeMicros), new Cash(t.TakerFeeMicros), t.At);
}
