using System.Globalization;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Exchange;

/// <summary>Why the engine refused an order, in words, and as a stable machine-readable code for the API.</summary>
public static class RejectMessages
{
    /// <summary>The refusal in words; the band is named as the engine applied it.</summary>
    /// <param name="reason">Why the engine refused.</param>
    /// <param name="bandBps">The price band in force when the engine refused, in basis points either side of the reference (SPEC §8).</param>
    /// <param name="referenceTicks">The band's centre when the engine refused (0.0001-dollar ticks), or 0 when unknown: a
    /// refusal outside the band then also names the prices it accepts, as <c>GET /api/v1/market/info</c> does.</param>
    public static string For(RejectReason reason, int bandBps, long referenceTicks = 0) => reason switch
    {
        RejectReason.InsufficientCash => "Not enough available cash for this order: a buy holds, for each XP, its limit price (for a market buy, the band's edge) plus the larger fee on that price, rounded up to the micro-dollar.",
        RejectReason.InsufficientXp => "Not enough available XP for this order.",
        RejectReason.PriceOutsideBand => OutsideBand(bandBps, referenceTicks),
        RejectReason.MarketHalted => "The market is halted: new orders are refused, cancels still work.",
        RejectReason.FokNotFillable => "Fill-or-kill: the book cannot fill the whole quantity now, so nothing traded.",
        RejectReason.PostOnlyWouldCross => "Post-only: this price would trade immediately, so it was refused and nothing changed.",
        RejectReason.UnknownOrder => "No open order with this id.",
        RejectReason.NotOrderOwner => "No open order with this id.",
        RejectReason.InvalidQuantity => "The quantity must be a whole number of XP between 1 and 1,000,000,000.",
        RejectReason.InvalidPrice => "The price must be above zero, at most $1,000, on the 0.0001 tick.",
        RejectReason.NoLiquidity => "There is nothing to trade against within the price band.",
        RejectReason.DuplicateClientOrderId => "This client order id was already used for a different order.",
        RejectReason.InvalidOrderType => "Post-only applies to good-till-cancelled limit orders only.",
        RejectReason.InvalidOperator => "This account has no wallet.",
        RejectReason.InvalidParameters => "The market parameters are invalid.",
        RejectReason.TooManyOpenOrders => "You have reached the cap on open orders: cancel some before placing more.",
        _ => reason.ToString(),
    };

    // "… band around the reference price $0.0120: limit prices from $0.0096 to $0.0144 are accepted." The edges are
    // the engine's own (MarketParameters.BandWidthTicks, rounded down; never below one tick or above the maximum price).
    private static string OutsideBand(int bandBps, long referenceTicks)
    {
        var sentence = $"The price is outside the ±{Percent(bandBps)} band around the reference price";
        if (referenceTicks <= 0)
            return sentence + ".";
        var width = referenceTicks * bandBps / 10_000;
        var low = new Price(Math.Max(1, referenceTicks - width));
        var high = new Price(Math.Min(MatchingEngine.MaxPriceTicks, referenceTicks + width));
        return $"{sentence} {Fmt.PriceUsd(new Price(referenceTicks))}: limit prices from {Fmt.PriceUsd(low)} to {Fmt.PriceUsd(high)} are accepted.";
    }

    /// <summary>Basis points as a percentage with no needless decimals: 2000 → "20%", 250 → "2.5%".</summary>
    public static string Percent(int bps) => Fmt.Bps(bps);

    /// <summary>snake_case code, e.g. <c>price_outside_band</c>.</summary>
    public static string Code(RejectReason reason) =>
        string.Concat(reason.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
