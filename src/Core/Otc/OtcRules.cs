using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Otc;

/// <summary>
/// The OTC desk's rules as pure functions: what an offer holds, whether a price lies in the band, whether a take is
/// allowed, and the fees of a fill. Money in micro-dollars, prices in ticks, XP in whole units.
/// </summary>
public static class OtcRules
{
    /// <summary>The highest OTC price, in ticks: the order book's ($1,000 per XP).</summary>
    public const long MaxPriceTicks = 10_000_000;

    /// <summary>The largest OTC quantity, in XP.</summary>
    public const long MaxQuantity = 1_000_000_000;

    /// <summary>
    /// The open offers one operator may have at once, as the book caps resting orders
    /// (<see cref="Matching.MarketParameters.MaxOpenOrders"/>, 200 by default).
    /// </summary>
    public const int MaxOpenOffers = 200;

    /// <summary>
    /// The open requests for quote one operator may have at once: every open request asks every market maker for a
    /// quote, so a request costs others work and is capped well below offers.
    /// </summary>
    public const int MaxOpenRequests = 20;

    /// <summary>
    /// What a buy offer holds per XP, in micro-dollars: the price plus the largest OTC fee on it, rounded up per XP
    /// (as a buy order does, SPEC §8: "a buy holds price × quantity + the largest possible fee").
    /// </summary>
    public static long BuyHoldPerXp(Price price, OtcParameters parameters)
    {
        var perXp = price.Ticks * Price.MicrosPerTick;
        return perXp + MarketParameters.Fee(perXp, parameters.MaxFeeBps);
    }

    /// <summary>What an offer of <paramref name="quantity"/> XP holds per XP: XP units for a sell, micro-dollars for a buy.</summary>
    public static long UnitHold(Side side, Price price, OtcParameters parameters) =>
        side == Side.Sell ? 1 : BuyHoldPerXp(price, parameters);

    /// <summary>
    /// Checks an offer's terms: quantity 1..<see cref="MaxQuantity"/>, minimum fill 1..quantity, price in the band
    /// around <paramref name="reference"/>, expiry after <paramref name="now"/>, and no offer to oneself.
    /// </summary>
    public static OtcRefusal CheckOffer(long operatorId, Price price, long quantity, long minimumFill, DateTimeOffset expiresAt,
        long? counterpartyId, Price? reference, DateTimeOffset now, OtcParameters parameters)
    {
        if (quantity is < 1 or > MaxQuantity)
            return OtcRefusal.InvalidQuantity;
        if (minimumFill < 1 || minimumFill > quantity)
            return OtcRefusal.InvalidMinimumFill;
        if (expiresAt <= now)
            return OtcRefusal.InvalidExpiry;
        if (counterpartyId == operatorId)
            return OtcRefusal.SelfDealing;
        return CheckPrice(price, reference, parameters);
    }

    /// <summary>Whether <paramref name="price"/> lies within ±<see cref="OtcParameters.BandBps"/> of <paramref name="reference"/> (edges included).</summary>
    public static OtcRefusal CheckPrice(Price price, Price? reference, OtcParameters parameters)
    {
        if (price.Ticks is <= 0 or > MaxPriceTicks)
            return OtcRefusal.InvalidPrice;
        if (reference is not { Ticks: > 0 } centre)
            return OtcRefusal.NoReferencePrice;
        var width = centre.Ticks * parameters.BandBps / 10_000;
        return price.Ticks < centre.Ticks - width || price.Ticks > centre.Ticks + width ? OtcRefusal.OutsideBand : OtcRefusal.None;
    }

    /// <summary>
    /// Whether <paramref name="takerId"/> may take <paramref name="quantity"/> of an offer with <paramref name="remaining"/>
    /// left: not its own offer, the named counterparty of a private one, at least the minimum fill (or all that is left
    /// when less remains), and no more than what is left.
    /// </summary>
    public static OtcRefusal CheckTake(long makerId, long? counterpartyId, long remaining, long minimumFill, long takerId, long quantity)
    {
        if (takerId == makerId)
            return OtcRefusal.SelfDealing;
        if (counterpartyId is { } named && named != takerId)
            return OtcRefusal.NotTheCounterparty;
        if (quantity < 1)
            return OtcRefusal.InvalidQuantity;
        if (quantity > remaining)
            return OtcRefusal.AboveRemaining;
        return quantity < Math.Min(minimumFill, remaining) ? OtcRefusal.BelowMinimumFill : OtcRefusal.None;
    }

    /// <summary>The fill of <paramref name="quantity"/> XP at <paramref name="price"/> with both fees, each rounded up.</summary>
    public static OtcFill Fill(long makerId, long takerId, Side makerSide, Price price, long quantity, OtcParameters parameters)
    {
        var notional = price.Notional(new Xp(quantity)).Micros;
        return new OtcFill(makerId, takerId, makerSide, price, quantity, notional,
            MarketParameters.Fee(notional, parameters.MakerFeeBps), MarketParameters.Fee(notional, parameters.TakerFeeBps));
    }
}
