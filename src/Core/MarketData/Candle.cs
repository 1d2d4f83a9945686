using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.MarketData;

/// <summary>
/// Open, high, low, close and volume of the trades in one bucket. <see cref="Start"/> is the bucket's UTC start,
/// aligned by <see cref="CandleIntervals.BucketStart"/>. A bucket without trades has no candle.
/// </summary>
/// <param name="Volume">XP traded.</param>
/// <param name="QuoteVolume">Cash traded: the sum of price × quantity of each trade, exact.</param>
/// <param name="Trades">Number of trades.</param>
public readonly record struct Candle(
    DateTimeOffset Start,
    Price Open,
    Price High,
    Price Low,
    Price Close,
    Xp Volume,
    Cash QuoteVolume,
    int Trades)
{
    /// <summary>A candle holding only <paramref name="trade"/>.</summary>
    internal static Candle Opened(DateTimeOffset start, TradePrint trade) =>
        new(start, trade.Price, trade.Price, trade.Price, trade.Price, trade.Quantity, trade.Notional, 1);

    /// <summary>This candle with <paramref name="trade"/>, the latest so far, added.</summary>
    internal Candle With(TradePrint trade) => this with
    {
        High = trade.Price > High ? trade.Price : High,
        Low = trade.Price < Low ? trade.Price : Low,
        Close = trade.Price,
        Volume = Volume + trade.Quantity,
        QuoteVolume = QuoteVolume + trade.Notional,
        Trades = Trades + 1,
    };
}
