using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Rebuilds the market data from the Trades table once the exchange is ready, so a restarted app shows the same
/// candles, ticker and tape as before it stopped; and again after each replica reload on a follower
/// (<see cref="ReplicaReloaded"/>), whose trades this node then never published, or publishes again.
/// </summary>
public sealed class MarketDataLoader(
    MarketDataService market,
    ExchangeHost host,
    ExchangeFeed feed,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    ILogger<MarketDataLoader> logger) : BackgroundService
{
    /// <summary>History read at start: as far back as the daily candles the book keeps.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(MarketDataBook.DefaultCandleCapacity);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Reloads that come while one rebuild runs ask for one more after it, not one each.
        var reloads = System.Threading.Channels.Channel.CreateBounded<bool>(
            new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
        using var subscription = feed.Subscribe(e =>
        {
            if (e is ReplicaReloaded)
                reloads.Writer.TryWrite(true);
        });
        await host.Ready.WaitAsync(stoppingToken);
        await RebuildAsync(stoppingToken);
        await foreach (var _ in reloads.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RebuildAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // Live trades stay held meanwhile (MarketDataService.Holds): try again shortly.
                logger.LogWarning(error, "Reading the trades again after a replica reload failed; trying again");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                reloads.Writer.TryWrite(true);
            }
        }
    }

    private async Task RebuildAsync(CancellationToken stoppingToken)
    {
        var holds = market.Holds;
        var since = clock.GetUtcNow().UtcDateTime - History;
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        var rows = await db.Trades.AsNoTracking()
            .Where(t => t.ExecutedAt >= since)
            .OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.PriceTicks, t.Quantity, t.TakerSide, t.ExecutedAt, t.Sequence })
            .ToListAsync(stoppingToken);
        market.Rebuild(rows.Select(t => new TradePrint(
            t.Id, new Price(t.PriceTicks), new Xp(t.Quantity), (Side)t.TakerSide, new DateTimeOffset(t.ExecutedAt, TimeSpan.Zero), t.Sequence)), holds);
        logger.LogInformation("Market data rebuilt from {Count} trades", rows.Count);
    }
}
