namespace XpFlywheel.Core.Matching;

/// <summary>
/// Market settings an admin can change. Fees are basis points of notional, rounded up to the micro-dollar:
/// maker defaults to 0, taker to 10 (0.10%). <see cref="BandBps"/> (default 2000 = ±20%) bounds limit prices and
/// how far a market order sweeps. Self-trade prevention defaults to cancelling the resting order.
/// </summary>
public sealed record MarketParameters(
    int MakerFeeBps = 0,
    int TakerFeeBps = 10,
    int BandBps = 2_000,
    SelfTradePrevention SelfTradePrevention = SelfTradePrevention.CancelResting)
{
    public static MarketParameters Default { get; } = new();

    /// <summary>Fees 0..1000 bps (at most 10%), band 1..10000 bps.</summary>
    public bool IsValid => MakerFeeBps is >= 0 and <= 1_000 && TakerFeeBps is >= 0 and <= 1_000 && BandBps is > 0 and <= 10_000
        && Enum.IsDefined(SelfTradePrevention);

    /// <summary>The fee on <paramref name="notionalMicros"/>, rounded up; split so no intermediate overflows.</summary>
    public static long Fee(long notionalMicros, int bps) =>
        notionalMicros / 10_000 * bps + (notionalMicros % 10_000 * bps + 9_999) / 10_000;
}
