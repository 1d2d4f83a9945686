using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Otc;

/// <summary>An OTC trade: who bought and sold, price, quantity, notional and each side's fee (micro-dollars).</summary>
public sealed record OtcTradeView(long Id, long? OfferId, long? QuoteId, long BuyerId, long SellerId, long MakerId, long TakerId,
    Price Price, long Quantity, Cash Notional, Cash MakerFee, Cash TakerFee, DateTime At)
{
    public static OtcTradeView From(OtcTradeRecord t) => new(t.Id, t.OfferId, t.QuoteId, t.BuyerOperatorId, t.SellerOperatorId, t.MakerOperatorId,
        t.TakerOperatorId, new Price(t.PriceTicks), t.Quantity, new Cash(t.NotionalMicros), new Cash(t.MakerFeeMicros), new Cash(t.TakerFeeMicros), t.At);

    /// <summary>
    /// What the taker is told of the trade, with the notional and the fee to the micro-dollar as the confirmation before
    /// it gave them ("$9.55 plus a taker fee of $0.009550"): a fee rounded to cents here would not match what was asked.
    /// </summary>
    public string TakerSummary() =>
        $"Traded {Components.Shared.Fmt.XpUnit(Quantity)} at {Components.Shared.Fmt.PriceUsd(Price)}: {Components.Shared.Fmt.CashExact(Notional)} " +
        $"{(TakerId == BuyerId ? "plus" : "less")} a taker fee of {Components.Shared.Fmt.CashExact(TakerFee)}.";
}
