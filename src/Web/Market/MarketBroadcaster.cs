using System.Threading.Channels;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Pushes market data to every hub client. The market's notifications arrive on the engine's publishing thread, so
/// they are queued and sent from here one publish at a time, in order, which keeps each client's deltas in sequence.
/// Publishes are paced (<see cref="MarketHubOptions.PublishInterval"/>): the first change after a quiet spell goes out
/// at once; changes committed within the interval of the last publish wait for its end and go out folded together, as
/// one <c>BookDelta</c> whose range covers every sequence since the last one sent and which lists every level changed
/// by any book in that range, with its newest value (so a follower starting from any of those books is exact), every
/// trade in execution order, the 1-minute <c>Candle</c> they went into and the newest <c>Ticker</c>; all carry the
/// newest journal sequence, and a fold never spans two candle minutes. A busy market thus costs each connection at
/// most one frame per interval (Binance's 100 ms depth stream), however many batches commit.
/// <see cref="MarketHubLifetimeManager.Publish"/> sends each connection its channels.
/// </summary>
public sealed class MarketBroadcaster(
    MarketDataService market,
    MarketStream stream,
    MarketHubLifetimeManager hub,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<MarketHubOptions> options,
    ILogger<MarketBroadcaster> logger) : BackgroundService
{
    private readonly Channel<MarketDataChanged> _changes = Channel.CreateUnbounded<MarketDataChanged>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeSpan _interval = options.Value.PublishInterval > TimeSpan.Zero ? options.Value.PublishInterval : TimeSpan.Zero;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = market.Subscribe(change => _changes.Writer.TryWrite(change));
        var view = market.View();
        stream.TryAdvance(view.Book, TickerMessage.From(view), out _);
        var lastPublish = 0L;
        var pending = new List<MarketDataChanged>();
        while (await _changes.Reader.WaitToReadAsync(stoppingToken))
        {
            if (lastPublish != 0 && _interval > TimeSpan.Zero && clock.GetElapsedTime(lastPublish) is var since && since < _interval)
                await Task.Delay(_interval - since, clock, stoppingToken);
            pending.Clear();
            while (_changes.Reader.TryRead(out var change))
                pending.Add(change);
            lastPublish = clock.GetTimestamp();
            var observed = 0;
            foreach (var fold in MarketFold.Of(pending))
            {
                try
                {
                    // Every book the fold passes over is observed first, so its delta lists each level any of them
                    // changed: a follower that started from one of those books (REST's) applies it exactly.
                    for (; observed < pending.Count && pending[observed].Sequence < fold.Sequence; observed++)
                        stream.Observe(pending[observed].Book, TickerMessage.From(pending[observed].Ticker, pending[observed].Book));
                    Send(fold);
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(error, "Broadcasting market data at sequence {Sequence} failed", fold.Sequence);
                }
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
