using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.MarketData;

/// <summary>
/// One executed trade as market data sees it: the public part of a <see cref="Fill"/> plus the time it happened.
/// Operator and order ids stay out so a print can be shown to anyone.
/// </summary>
public readonly record struct TradePrint(long TradeId, Price Price, Xp Quantity, Side TakerSide, DateTimeOffset Time)
{
    /// <summary>The print of <paramref name="fill"/>, executed at <paramref name="time"/>.</summary>
    public static TradePrint From(Fill fill, DateTimeOffset time) =>
        new(fill.TradeId, fill.Price, fill.Quantity, fill.TakerSide, time);

    /// <summary>Price × quantity, exact.</summary>
    public Cash Notional => Price.Notional(Quantity);
}
