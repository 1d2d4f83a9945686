using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.MarketData;

/// <summary>
/// One executed trade as market data sees it: the public part of a <see cref="Fill"/> plus the time it happened.
/// Operator and order ids stay out so a print can be shown to anyone.
/// </summary>
/// <param name="Sequence">
/// Journal sequence of the command that executed the trade: a book numbered with this sequence or later already holds
/// its effect.
/// </param>
public readonly record struct TradePrint(long TradeId, Price Price, Xp Quantity, Side TakerSide, DateTimeOffset Time, long Sequence)
{
    /// <summary>The print of <paramref name="fill"/>, executed at <paramref name="time"/> by the command numbered <paramref name="sequence"/>.</summary>
    public static TradePrint From(Fill fill, DateTimeOffset time, long sequence) =>
        new(fill.TradeId, fill.Price, fill.Quantity, fill.TakerSide, time, sequence);

    /// <summary>Price × quantity, exact.</summary>
    public Cash Notional => Price.Notional(Quantity);
}
