using System.Threading.Channels;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Pushes market data to every hub client. The market's notifications arrive on the engine's publishing thread, so
/// they are queued and sent from here one at a time, in order, which keeps each client's deltas in sequence. Each
/// batch goes out in one order: its <c>BookDelta</c> (when the top levels moved), then its <c>Trade</c>s in execution
/// order, then the 1-minute <c>Candle</c> they went into, then the <c>Ticker</c> that includes them; all carry the
/// batch's journal sequence. <see cref="MarketHubLifetimeManager.Publish"/> sends each connection its channels.
/// </summary>
public sealed class MarketBroadcaster(
    MarketDataService market,
    MarketStream stream,
    MarketHubLifetimeManager hub,
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
                Send(change);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "Broadcasting market data at sequence {Sequence} failed", change.Sequence);
            }
        }
    }

    private void Send(MarketDataChanged change)
    {
        var ticker = TickerMessage.From(change.Ticker, change.Book);
        if (!stream.TryAdvance(change.Book, ticker, out var delta))
            return;
        hub.Publish(delta, [.. change.Trades.Select(TradeMessage.From)],
            change.Minute is { } minute ? CandleMessage.From(minute) : null, ticker);
    }
}
