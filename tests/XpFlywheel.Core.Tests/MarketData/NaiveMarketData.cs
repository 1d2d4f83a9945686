using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.MarketData;

/// <summary>
/// The obviously-correct market data: every figure recomputed from the whole trade history with LINQ. Trades must be
/// in time order. The book must agree with it while keeping only bounded state.
/// </summary>
internal static class NaiveMarketData
{
    public static Candle[] Candles(IReadOnlyList<TradePrint> trades, CandleInterval interval, int capacity) =>
    [
        .. trades
            .GroupBy(t => interval.BucketStart(t.Time))
            .Select(g => new Candle(
                g.Key,
                g.First().Price,
                g.Max(t => t.Price),
                g.Min(t => t.Price),
                g.Last().Price,
                new Xp(g.Sum(t => t.Quantity.Units)),
                new Cash(g.Sum(t => t.Notional.Micros)),
                g.Count()))
            .TakeLast(capacity),
    ];

    public static Ticker Ticker(IReadOnlyList<TradePrint> trades, DateTimeOffset now, Price? bestBid, Price? bestAsk)
    {
        var windowStart = CandleInterval.OneMinute.BucketStart(now).AddMinutes(-1439);
        var inWindow = trades.Where(t => t.Time >= windowStart).ToList();
        var before = trades.Where(t => t.Time < windowStart).ToList();
        Price? last = trades.Count > 0 ? trades[^1].Price : null;
        Price? reference = before.Count > 0 ? before[^1].Price : inWindow.Count > 0 ? inWindow[0].Price : null;
        decimal? change = last is { } l && reference is { } r ? l.Dollars - r.Dollars : null;
        decimal? percent = last is { } l2 && reference is { } r2
            ? Math.Round((l2.Dollars - r2.Dollars) / r2.Dollars * 100m, 4, MidpointRounding.AwayFromZero)
            : null;
        return new Ticker(
            last,
            reference,
            change,
            percent,
            inWindow.Count > 0 ? inWindow.Max(t => t.Price) : null,
            inWindow.Count > 0 ? inWindow.Min(t => t.Price) : null,
            new Xp(inWindow.Sum(t => t.Quantity.Units)),
            new Cash(inWindow.Sum(t => t.Notional.Micros)),
            bestBid,
            bestAsk,
            inWindow.Count,
            now);
    }
}
