using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Pushes market data to every hub client. The market's notifications arrive on the engine's publishing thread, so
/// they are queued and sent from here one at a time, in order, which keeps each client's deltas in sequence.
/// </summary>
public sealed class MarketBroadcaster(
    MarketDataService market,
    MarketStream stream,
    IHubContext<MarketHub> hub,
    ILogger<MarketBroadcaster> logger) : BackgroundService
{
    private readonly Channel<MarketDataChanged> _changes = Channel.CreateUnbounded<MarketDataChanged>(
        new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = market.Subscribe(change => _changes.Writer.TryWrite(change));
        stream.Advance(market.Book);
        await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(change, stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "Broadcasting market data failed");
            }
        }
    }

    private async Task SendAsync(MarketDataChanged change, CancellationToken cancellationToken)
    {
        if (change.Book is { } book && stream.Advance(book) is { } delta)
            await hub.Clients.All.SendAsync("BookDelta", delta, cancellationToken);
        foreach (var trade in change.Trades)
            await hub.Clients.All.SendAsync("Trade", TradeMessage.From(trade), cancellationToken);
        if (change.HasTrades || change.BookChanged)
            await hub.Clients.All.SendAsync("Ticker", TickerMessage.From(market.Ticker(), market.Book.Halted), cancellationToken);
    }
}
