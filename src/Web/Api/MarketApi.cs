using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.RateLimits;

namespace XpFlywheel.Web.Api;

/// <summary>Public market data: the same ticker, book, trades and candles the market page and hub show.</summary>
public static class MarketApi
{
    public const int MaxDepth = 50;
    public const int MaxTrades = 500;

    public static IEndpointRouteBuilder MapMarketApi(this IEndpointRouteBuilder app)
    {
        var market = app.MapGroup("/api/v1/market").AllowAnonymous().WithTags("Market");
        market.MapGet("/ticker", (MarketDataService data) => TypedResults.Ok(TickerMessage.From(data.View())))
            .WithName("GetTicker").WithSummary("Last price, 24h change, high, low and volume, best bid and ask.");
        market.MapGet("/book", Book).WithName("GetBook").Produces<BookSnapshotMessage>()
            .WithSummary("The order book aggregated by price, best first (depth 1–50, default 20), as of a journal sequence the hub's deltas continue.");
        market.MapGet("/trades", TradesAsync).WithName("GetTrades").Produces<List<TradeMessage>>()
            .WithSummary("Recent trades, newest first (limit 1–500, default 50); with fromId, before, startTime or endTime (ms), the whole history by cursor.");
        market.MapGet("/candles", CandlesAsync).WithName("GetCandles").Produces<List<CandleMessage>>()
            .WithSummary("Candles for interval 1m, 5m, 1h or 1d, oldest first (limit 1–1000, default 500): the newest, or with startTime/endTime (ms) "
                + "those starting in that range (the oldest from startTime; the newest up to endTime when it is alone), over the whole history.");
        market.MapGet("/info", Info).WithName("GetMarketInfo")
            .WithSummary("Trading rules: symbol, tick and lot size, quantity and notional limits, the live price band, fees, status and rate limits.");
        app.MapGet("/api/v1/time", (TimeProvider clock) => TypedResults.Ok(new ServerTimeDto(clock.GetUtcNow().ToUnixTimeMilliseconds())))
            .AllowAnonymous().WithTags("Market").WithName("GetServerTime").WithSummary("Server time in milliseconds since the Unix epoch.");
        return app;
    }

    private static Ok<MarketInfoDto> Info(MarketDataService data, ParameterBoard parameters, IOptions<RateLimitOptions> limits, TimeProvider clock) =>
        TypedResults.Ok(MarketInfoDto.From(data.Book, parameters.Current.Market, limits.Value, clock.GetUtcNow()));

    private static IResult Book(MarketDataService data, [Range(1, MaxDepth), DefaultValue(20)] int? depth)
    {
        if (depth is < 1 or > MaxDepth)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["depth"] = [$"depth must be from 1 to {MaxDepth}."] });
        // Levels and sequence from the same book: a newer book's levels under this one's number would apply a delta twice.
        var book = data.Book;
        return TypedResults.Ok(BookSnapshotMessage.From(book.Sequence, data.Depth(book).Top(depth ?? 20), book.Halted));
    }

    private static async Task<IResult> TradesAsync(MarketDataService data, IDbContextFactory<AppDbContext> dbFactory, [Range(1, MaxTrades), DefaultValue(50)] int? limit,
        long? fromId, long? before, long? startTime, long? endTime, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxTrades)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["limit"] = [$"limit must be from 1 to {MaxTrades}."] });
        if (HistoryCursor.Parse(fromId, before, startTime, endTime, null, out var cursor) is { } invalidCursor)
            return invalidCursor;
        if (!cursor.Any)
            return TypedResults.Ok(data.RecentTrades(limit ?? 50).Select(TradeMessage.From).ToList());
        // The whole history, from the table: the recent-trades ring holds only the latest 500.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var trades = await cursor.Apply(db.Trades.AsNoTracking(), t => t.Id, t => t.ExecutedAt).Take(limit ?? 50).ToListAsync(cancellationToken);
        return TypedResults.Ok(trades.Select(t => new TradeMessage(t.Id, t.PriceTicks / 10_000m, t.Quantity, t.TakerSide == 0 ? "buy" : "sell",
            new DateTimeOffset(DateTime.SpecifyKind(t.ExecutedAt, DateTimeKind.Utc)), t.Sequence)).ToList());
    }

    private static async Task<IResult> CandlesAsync(MarketDataService data, IDbContextFactory<AppDbContext> dbFactory, string? interval, [Range(1, 1_000), DefaultValue(500)] int? limit,
        long? startTime, long? endTime, CancellationToken cancellationToken)
    {
        if (!CandleIntervals.TryParse(interval, out var parsed))
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["interval"] = ["interval must be 1m, 5m, 1h or 1d."] });
        if (limit is < 1 or > 1_000)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["limit"] = ["limit must be from 1 to 1000."] });
        if (HistoryCursor.Parse(null, null, startTime, endTime, null, out var range) is { } invalidRange)
            return invalidRange;
        if (range.Start is null && range.End is null)
            return TypedResults.Ok(data.Candles(parsed, limit ?? 500).Select(CandleMessage.From).ToList());
        // Any period, from the trade table: the in-memory series keeps the newest 1,000 per interval.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var start = range.Start is { } s ? new DateTimeOffset(s, TimeSpan.Zero) : (DateTimeOffset?)null;
        var end = range.End is { } e ? new DateTimeOffset(e.AddTicks(TimeSpan.TicksPerMillisecond - 1), TimeSpan.Zero) : (DateTimeOffset?)null;
        return TypedResults.Ok(await CandleHistory.ReadAsync(db, parsed, start, end, limit ?? 500, cancellationToken));
    }
}
