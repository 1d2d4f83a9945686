using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace XpFlywheel.Web.Market;

/// <summary>
/// The market hub's connections, each with its own bounded outbound queue (<see cref="OutboxHubLifetimeManager{THub}"/>)
/// and its own choice of channels. <see cref="Publish"/> sends one publish (the batches the broadcaster folded) to each connection in the documented
/// order (<c>BookDelta</c>, each <c>Trade</c>, <c>Candle</c>, <c>Ticker</c>), only on the channels it follows, or as
/// one <c>Update</c> frame to a connection that asked for combined updates; each message kind is serialised once. The
/// ticker goes to a connection at most once per <see cref="MarketHubOptions.TickerInterval"/>: a newer one replaces
/// one held back, and the held one is sent when the interval has passed.
/// </summary>
public sealed class MarketHubLifetimeManager : OutboxHubLifetimeManager<MarketHub>, IDisposable
{
    private readonly ConcurrentDictionary<string, MarketFollow> _follows = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly TimeSpan _tickerInterval;
    private readonly ITimer _flush;

    public MarketHubLifetimeManager(
        ILogger<DefaultHubLifetimeManager<MarketHub>> baseLogger,
        IOptions<MarketHubOptions> options,
        TimeProvider clock,
        ILogger<MarketHubLifetimeManager> logger) : base(baseLogger, options.Value.OutboxCapacity, logger)
    {
        _clock = clock;
        _tickerInterval = options.Value.TickerInterval > TimeSpan.Zero ? options.Value.TickerInterval : TimeSpan.Zero;
        var period = _tickerInterval > TimeSpan.Zero ? _tickerInterval : Timeout.InfiniteTimeSpan;
        _flush = clock.CreateTimer(_ => FlushTickers(), null, period, period);
    }

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        // The hub sends a ticker as it connects (MarketHub.OnConnectedAsync, right after this): that one starts the
        // interval, so the first published ticker does not follow it within milliseconds.
        _follows[connection.ConnectionId] = new MarketFollow { TickerSentAt = _clock.GetTimestamp() };
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _follows.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }

    /// <summary>
    /// Sets what <paramref name="connectionId"/> receives from the next batch on; returns the channels it followed
    /// before. Messages already queued for it are still delivered.
    /// </summary>
    public MarketChannels Follow(string connectionId, MarketChannels channels, bool combined)
    {
        if (!_follows.TryGetValue(connectionId, out var follow))
            return MarketChannels.None;
        lock (follow.Gate)
        {
            var before = follow.Channels;
            (follow.Channels, follow.Combined) = (channels, combined);
            if ((channels & MarketChannels.Ticker) == 0)
                follow.HeldTicker = null;
            return before;
        }
    }

    /// <summary>Sends one publish (one or more committed batches, folded) to every connection, as its channels and ticker interval allow.</summary>
    public void Publish(BookDeltaMessage? delta, IReadOnlyList<TradeMessage> trades, CandleMessage? candle, TickerMessage ticker)
    {
        var now = _clock.GetTimestamp();
        var frames = new Frames(delta, trades, candle, ticker);
        foreach (var (connectionId, follow) in _follows)
        {
            lock (follow.Gate)
            {
                var sendTicker = (follow.Channels & MarketChannels.Ticker) != 0 && Due(follow, now);
                if (!sendTicker && (follow.Channels & MarketChannels.Ticker) != 0)
                    follow.HeldTicker = ticker;
                if (sendTicker)
                    (follow.HeldTicker, follow.TickerSentAt) = (null, now);
                if (follow.Combined)
                {
                    if (frames.Update(follow.Channels, sendTicker) is { } update)
                        Post(connectionId, update);
                    continue;
                }
                if ((follow.Channels & MarketChannels.Book) != 0 && frames.Delta is { } deltaFrame)
                    Post(connectionId, deltaFrame);
                if ((follow.Channels & MarketChannels.Trades) != 0)
                {
                    foreach (var trade in frames.Trades)
                        Post(connectionId, trade);
                }
                if ((follow.Channels & MarketChannels.Candles) != 0 && frames.Candle is { } candleFrame)
                    Post(connectionId, candleFrame);
                if (sendTicker)
                    Post(connectionId, frames.Ticker);
            }
        }
    }

    public void Dispose() => _flush.Dispose();

    private bool Due(MarketFollow follow, long now) =>
        follow.TickerSentAt == 0 || _clock.GetElapsedTime(follow.TickerSentAt, now) >= _tickerInterval;

    // Sends each held ticker whose interval has passed; it is the newest, so it includes every batch sent before it.
    private void FlushTickers()
    {
        var now = _clock.GetTimestamp();
        foreach (var (connectionId, follow) in _follows)
        {
            if (follow.HeldTicker is null)
                continue;
            lock (follow.Gate)
            {
                if (follow.HeldTicker is not { } held || !Due(follow, now))
                    continue;
                (follow.HeldTicker, follow.TickerSentAt) = (null, now);
                Post(connectionId, follow.Combined
                    ? Message("Update", new MarketUpdateMessage(held.Sequence, null, [], null, held))
                    : Message("Ticker", held));
            }
        }
    }

    private static SerializedHubMessage Message(string method, object message) => new(new InvocationMessage(method, [message]));

    // One connection's channels and its ticker pacing; changed under Gate, which also keeps one batch's messages together.
    private sealed class MarketFollow
    {
        public readonly Lock Gate = new();
        public MarketChannels Channels = MarketChannels.All;
        public bool Combined;
        public long TickerSentAt;
        public TickerMessage? HeldTicker;
    }

    // A batch's messages, each serialised at most once whoever receives it.
    private sealed class Frames(BookDeltaMessage? delta, IReadOnlyList<TradeMessage> trades, CandleMessage? candle, TickerMessage ticker)
    {
        private readonly Dictionary<(MarketChannels, bool), SerializedHubMessage?> _updates = [];
        private SerializedHubMessage? _ticker;

        public SerializedHubMessage? Delta { get; } = delta is null ? null : Message("BookDelta", delta);
        public IReadOnlyList<SerializedHubMessage> Trades { get; } = [.. trades.Select(t => Message("Trade", t))];
        public SerializedHubMessage? Candle { get; } = candle is null ? null : Message("Candle", candle);
        public SerializedHubMessage Ticker => _ticker ??= Message("Ticker", ticker);

        // Null when the batch has nothing on these channels.
        public SerializedHubMessage? Update(MarketChannels channels, bool withTicker)
        {
            if (_updates.TryGetValue((channels, withTicker), out var cached))
                return cached;
            var book = (channels & MarketChannels.Book) != 0 ? delta : null;
            var tape = (channels & MarketChannels.Trades) != 0 ? trades : [];
            var minute = (channels & MarketChannels.Candles) != 0 ? candle : null;
            var summary = withTicker ? ticker : null;
            var update = book is null && tape.Count == 0 && minute is null && summary is null
                ? null
                : Message("Update", new MarketUpdateMessage(ticker.Sequence, book, tape, minute, summary));
            _updates[(channels, withTicker)] = update;
            return update;
        }
    }
}
