using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

/// <summary>
/// Market settings an admin can change. Fees are basis points of notional, rounded up to the micro-dollar:
/// maker defaults to 0, taker to 10 (0.10%). <see cref="BandBps"/> (default 2000 = ±20%) bounds limit prices and
/// how far a market order sweeps. Self-trade prevention defaults to cancelling the resting order.
/// <see cref="MaxOpenOrders"/> (default 200) caps the good-till-cancelled limit orders one operator may have resting.
/// <see cref="EarningCostTicks"/> (default 100 ticks = $0.01 per XP) is what earning one XP costs: the floor of the
/// rational price range drawn on the chart (SPEC §8; informative, the engine does not read it).
/// </summary>
public sealed record MarketParameters(
    int MakerFeeBps = 0,
    int TakerFeeBps = 10,
    int BandBps = 2_000,
    SelfTradePrevention SelfTradePrevention = SelfTradePrevention.CancelResting,
    int MaxOpenOrders = 200,
    long EarningCostTicks = MarketParameters.DefaultEarningCostTicks)
{
    /// <summary>The spec's earning cost per XP, in ticks: 100 = $0.01 (SPEC §8).</summary>
    public const long DefaultEarningCostTicks = 100;

    public static MarketParameters Default { get; } = new();

    /// <summary>The largest maker or taker fee an admin can set, in bps (10%).</summary>
    public const int FeeBpsCeiling = 1_000;

    /// <summary>The widest band an admin can set, in bps (±100%); the narrowest is 1 bp.</summary>
    public const int BandBpsCeiling = 10_000;

    /// <summary>The highest open-order cap an admin can set, in orders per operator; the lowest is 1.</summary>
    public const int OpenOrdersCeiling = 100_000;

    /// <summary>Fees 0..1000 bps (at most 10%), band 1..10000 bps, open-order cap 1..100,000, earning cost one tick..$1,000 per XP.</summary>
    public bool IsValid => MakerFeeBps is >= 0 and <= FeeBpsCeiling && TakerFeeBps is >= 0 and <= FeeBpsCeiling
        && BandBps is > 0 and <= BandBpsCeiling
        && MaxOpenOrders is >= 1 and <= OpenOrdersCeiling
        && EarningCostTicks is >= 1 and <= MatchingEngine.MaxPriceTicks
        && Enum.IsDefined(SelfTradePrevention);

    /// <summary>What earning one XP costs, as a price (dollars per XP): the rational range's floor (SPEC §8).</summary>
    public Price EarningCost => new(EarningCostTicks);

    /// <summary>The reasons these parameters are unusable, in words for an admin; empty exactly when <see cref="IsValid"/>.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MakerFeeBps is < 0 or > FeeBpsCeiling)
            errors.Add("The maker fee must be from 0 to 1,000 bps (10%).");
        if (TakerFeeBps is < 0 or > FeeBpsCeiling)
            errors.Add("The taker fee must be from 0 to 1,000 bps (10%).");
        if (BandBps is < 1 or > BandBpsCeiling)
            errors.Add("The band must be from 1 to 10,000 bps.");
        if (MaxOpenOrders is < 1 or > OpenOrdersCeiling)
            errors.Add("The open-order cap must be from 1 to 100,000 orders per operator.");
        if (EarningCostTicks is < 1 or > MatchingEngine.MaxPriceTicks)
            errors.Add("The earning cost per XP must be from $0.0001 to $1,000.");
        if (!Enum.IsDefined(SelfTradePrevention))
            errors.Add("Pick a self-trade prevention mode.");
        return errors;
    }

    /// <summary>The fee on <paramref name="notionalMicros"/>, rounded up; split so no intermediate overflows.</summary>
    public static long Fee(long notionalMicros, int bps) =>
        notionalMicros / 10_000 * bps + (notionalMicros % 10_000 * bps + 9_999) / 10_000;

    /// <summary>
    /// Cash a buy at <paramref name="limit"/> holds per XP, in micro-dollars: the price plus the larger of the maker and
    /// taker fee on it, rounded up per XP (SPEC §8: "a buy holds price × quantity + the largest possible fee"). The
    /// engine holds quantity × this, so it is also what sizes the largest buy an account can pay.
    /// </summary>
    public long BuyHoldPerXp(Price limit)
    {
        var perXp = limit.Ticks * Price.MicrosPerTick;
        return perXp + Fee(perXp, Math.Max(MakerFeeBps, TakerFeeBps));
    }

    /// <summary>How far the band reaches either side of <paramref name="centreTicks"/>, in ticks, rounded down (SPEC §8 protection).</summary>
    public long BandWidthTicks(long centreTicks) => centreTicks * BandBps / 10_000;

    /// <summary>
    /// The limit a market order is held at and sweeps no further than: the band's edge around <paramref name="centre"/>
    /// (the reference price, else the best opposite price), above it for a buy, below it (at least one tick) for a sell.
    /// </summary>
    public Price MarketOrderLimit(Side side, Price centre) => new(side == Side.Buy
        ? centre.Ticks + BandWidthTicks(centre.Ticks)
        : Math.Max(1, centre.Ticks - BandWidthTicks(centre.Ticks)));
}
