using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Demo;

/// <summary>Price arithmetic the bots share, in ticks of 0.0001 USD per XP.</summary>
internal static class DemoQuoting
{
    /// <summary>
    /// The prices an order may have now without being refused by the protection band (SPEC §8), one tick inside
    /// each edge: the band around the reference price, else the last trade; unbounded before the first price.
    /// </summary>
    public static (long Low, long High) Band(BookSnapshot book, MarketParameters market)
    {
        if ((book.ReferencePrice ?? book.LastPrice) is not { } centre)
            return (1, long.MaxValue);
        var width = market.BandWidthTicks(centre.Ticks);
        return (Math.Max(1, centre.Ticks - width + 1), centre.Ticks + width - 1);
    }

    /// <summary>The range's floor in ticks, rounded up: no bot quotes below the cost of earning XP.</summary>
    public static long FloorTicks(PriceRange range) => (long)Math.Ceiling(range.Floor * Price.TicksPerDollar);

    /// <summary>The range's ceiling in ticks, rounded down, or null while there is none at or above the floor.</summary>
    public static long? CeilingTicks(PriceRange range) =>
        range.Ceiling is { } ceiling && !range.CeilingBelowFloor ? (long)Math.Floor(ceiling * Price.TicksPerDollar) : null;

    public static decimal Dollars(long ticks) => (decimal)ticks / Price.TicksPerDollar;
}
