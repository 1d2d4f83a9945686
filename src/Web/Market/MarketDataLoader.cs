using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Rebuilds the market data from the Trades table once the exchange is ready, so a restarted app shows the same
/// candles, ticker and tape as before it stopped.
/// </summary>
public sealed class MarketDataLoader(
    MarketDataService market,
    ExchangeHost host,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    ILogger<MarketDataLoader> logger) : BackgroundService
{
    /// <summary>History read at start: as far back as the daily candles the book keeps.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(MarketDataBook.DefaultCandleCapacity);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await host.Ready.WaitAsync(stoppingToken);
        var since = clock.GetUtcNow().UtcDateTime - History;
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        var rows = await db.Trades.AsNoTracking()
            .Where(t => t.ExecutedAt >= since)
            .OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.PriceTicks, t.Quantity, t.TakerSide, t.ExecutedAt, t.Sequence })
            .ToListAsync(stoppingToken);
        market.Rebuild(rows.Select(t => new TradePrint(
            t.Id, new Price(t.PriceTicks), new Xp(t.Quantity), (Side)t.TakerSide, new DateTimeOffset(t.ExecutedAt, TimeSpan.Zero), t.Sequence)));
        logger.LogInformation("Market data rebuilt from {Count} trades", rows.Count);
    }
}
