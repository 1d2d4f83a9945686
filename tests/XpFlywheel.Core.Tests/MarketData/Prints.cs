using XpFlywheel.Core.Matching;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.MarketData;

/// <summary>Short ways to write trades in tests: prices in dollars, times as offsets from a fixed UTC midnight.</summary>
internal static class Prints
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 10, 0, 0, 0, TimeSpan.Zero);

    public static TradePrint At(long id, decimal dollars, long quantity, DateTimeOffset time, Side side = Side.Buy) =>
        new(id, Price.FromDollars(dollars), new Xp(quantity), side, time, id);

    public static Price P(decimal dollars) => Price.FromDollars(dollars);

    public static Cash C(decimal dollars) => Cash.FromDollars(dollars);

    public static MarketDataBook BookWith(params TradePrint[] trades)
    {
        var book = new MarketDataBook();
        foreach (var trade in trades)
            book.Apply(trade);
        return book;
    }
}
