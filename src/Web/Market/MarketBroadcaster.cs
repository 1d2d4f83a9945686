using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Pushes market data to every hub client. The market's notifications arrive on the engine's publishing thread, so
/// they are queued and sent from here one at a time, in order, which keeps each client's deltas in sequence. Each
/// batch goes out in one order: its <c>BookDelta</c> (when the top levels moved), then its <c>Trade</c>s in execution
/// order, then the <c>Ticker</c> that includes both; all three carry the batch's journal sequence.
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
        var view = market.View();
        stream.TryAdvance(view.Book, TickerMessage.From(view), out _);
        await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(change, stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "Broadcasting market data at sequence {Sequence} failed", change.Sequence);
            }
        }
    }

    private async Task SendAsync(MarketDataChanged change, CancellationToken cancellationToken)
    {
        var ticker = TickerMessage.From(change.Ticker, change.Book);
        if (!stream.TryAdvance(change.Book, ticker, out var delta))
            return;
        if (delta is not null)
            await hub.Clients.All.SendAsync("BookDelta", delta, cancellationToken);
        foreach (var trade in change.Trades)
            await hub.Clients.All.SendAsync("Trade", TradeMessage.From(trade), cancellationToken);
        await hub.Clients.All.SendAsync("Ticker", ticker, cancellationToken);
    }
}
