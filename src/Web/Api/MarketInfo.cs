using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.RateLimits;

namespace XpFlywheel.Web.Api;

/// <summary>
/// The trading rules of the one market, as an exchange-info answer: what a bot checks before it sends an order.
/// Prices are dollars per XP, quantities whole XP, notionals dollars.
/// </summary>
/// <param name="Symbol">Always <c>XP/USD</c>.</param>
/// <param name="Status"><c>trading</c>, or <c>halted</c> while an admin has matching stopped (orders refused, cancels work).</param>
/// <param name="TickSize">The price step: 0.0001 dollars.</param>
/// <param name="LotSize">The quantity step: 1 XP.</param>
/// <param name="MinPrice">The lowest price an order may state: one tick.</param>
/// <param name="MaxPrice">The highest price an order may state: $1,000 per XP.</param>
/// <param name="MinQuantity">1 XP.</param>
/// <param name="MaxQuantity">1,000,000,000 XP per order.</param>
/// <param name="MinNotional">The smallest order value: one tick × one XP.</param>
/// <param name="MaxNotional">The largest order value: max price × max quantity.</param>
/// <param name="PriceBand">Where limit prices are accepted now (SPEC §8), from the live parameters and the book.</param>
/// <param name="Fees">Maker and taker fees in force, in basis points of notional and as rates.</param>
/// <param name="MaxOpenOrders">Good-till-cancelled orders one operator may have resting.</param>
/// <param name="SelfTradePrevention">What happens when an order meets its operator's own resting order.</param>
/// <param name="RateLimits">The request budgets (see README, Rate limits).</param>
/// <param name="ServerTime">Milliseconds since the Unix epoch when this answer was made.</param>
public sealed record MarketInfoDto(string Symbol, string BaseAsset, string QuoteAsset, string Status, decimal TickSize, long LotSize,
    decimal MinPrice, decimal MaxPrice, long MinQuantity, long MaxQuantity, decimal MinNotional, decimal MaxNotional, PriceBandDto PriceBand,
    FeesDto Fees, int MaxOpenOrders, string SelfTradePrevention, RateLimitsDto RateLimits, long ServerTime)
{
    public const string MarketSymbol = "XP/USD";

    public static MarketInfoDto From(BookSnapshot book, MarketParameters market, RateLimitOptions limits, DateTimeOffset now)
    {
        var tick = 1m / Price.TicksPerDollar;
        var maxPrice = (decimal)MatchingEngine.MaxPriceTicks / Price.TicksPerDollar;
        PriceBandDto band;
        if (book.ReferencePrice is { } reference)
        {
            var width = market.BandWidthTicks(reference.Ticks);
            band = new PriceBandDto(market.BandBps, reference.Dollars,
                new Price(Math.Max(1, reference.Ticks - width)).Dollars, new Price(Math.Min(MatchingEngine.MaxPriceTicks, reference.Ticks + width)).Dollars);
        }
        else
        {
            band = new PriceBandDto(market.BandBps, null, null, null);
        }
        return new MarketInfoDto(MarketSymbol, "XP", "USD", book.Halted ? "halted" : "trading", tick, 1, tick, maxPrice, 1, MatchingEngine.MaxQuantity,
            tick, maxPrice * MatchingEngine.MaxQuantity, band,
            new FeesDto(market.MakerFeeBps, market.TakerFeeBps, market.MakerFeeBps / 10_000m, market.TakerFeeBps / 10_000m),
            market.MaxOpenOrders, SnakeCase(market.SelfTradePrevention.ToString()),
            new RateLimitsDto(limits.ApiWeightPerMinute, limits.OrdersPer10Seconds, limits.HubConnectionsPerIp, limits.HubCallsPerSecond, ApiWeights.All),
            now.ToUnixTimeMilliseconds());
    }

    private static string SnakeCase(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}

/// <summary>
/// The price band: a limit price more than <paramref name="Bps"/> basis points from <paramref name="Reference"/> (the
/// last trade, else the mid of best bid and ask) is refused with 422 <c>price_outside_band</c>, and a market order
/// sweeps no further. All null but <paramref name="Bps"/> while there is no reference price (any price is accepted).
/// </summary>
public sealed record PriceBandDto(int Bps, decimal? Reference, decimal? Low, decimal? High);

/// <summary>Fees in basis points of notional (10 = 0.10%) and as rates; each fee is rounded up to the micro-dollar.</summary>
public sealed record FeesDto(int MakerBps, int TakerBps, decimal MakerRate, decimal TakerRate);

/// <summary>
/// Request budgets: <paramref name="WeightPerMinute"/> request weight per API key (per client IP without a key),
/// <paramref name="OrdersPer10Seconds"/> placements and amends per key, and the market hub's limits. <paramref name="Weights"/>
/// lists every endpoint (by operation id) weighing more than 1.
/// </summary>
public sealed record RateLimitsDto(int WeightPerMinute, int OrdersPer10Seconds, int HubConnectionsPerIp, int HubCallsPerSecond,
    IReadOnlyDictionary<string, int> Weights);

/// <summary>The server's clock, in milliseconds since the Unix epoch (UTC), for signing windows and clock-skew checks.</summary>
public sealed record ServerTimeDto(long ServerTime);
