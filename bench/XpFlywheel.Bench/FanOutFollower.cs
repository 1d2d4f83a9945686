using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Bench;

internal sealed record RestLevel(decimal Price, long Quantity);

internal sealed record RestBook(long Sequence, List<RestLevel> Bids, List<RestLevel> Asks);

/// <summary>A hub client keeping the top of the book from its snapshot and deltas, as the README's follower does.</summary>
internal sealed class Follower(string baseUrl, bool combined) : IBookFollower
{
    private readonly HubConnection _connection = new HubConnectionBuilder()
        .WithUrl($"{baseUrl}{MarketHub.Path}", o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
        .Build();
    private readonly SortedDictionary<decimal, long> _bids = [];
    private readonly SortedDictionary<decimal, long> _asks = [];
    private readonly List<(long Id, float Ms)> _latencies = [];
    private readonly Lock _gate = new();
    private bool _synced;

    public long Sequence { get; private set; }
    public int Messages { get; private set; }
    public int Trades { get; private set; }
    public int Resyncs { get; private set; }

    public async Task StartAsync()
    {
        _connection.On<BookSnapshotMessage>("Snapshot", Apply);
        _connection.On<BookDeltaMessage>("BookDelta", Apply);
        _connection.On<TradeMessage>("Trade", trade =>
        {
            var now = DateTimeOffset.UtcNow;
            lock (_gate)
            {
                Messages++;
                Trades++;
                _latencies.Add((trade.Id, (float)(now - trade.Time).TotalMilliseconds));
            }
        });
        _connection.On<TickerMessage>("Ticker", _ => { lock (_gate) Messages++; });
        _connection.On<MarketUpdateMessage>("Update", update =>
        {
            var now = DateTimeOffset.UtcNow;
            if (update.Delta is { } delta)
                Apply(delta);
            else
                lock (_gate) Messages++;
            lock (_gate)
            {
                foreach (var trade in update.Trades)
                {
                    Trades++;
                    _latencies.Add((trade.Id, (float)(now - trade.Time).TotalMilliseconds));
                }
            }
        });
        await _connection.StartAsync();
        // What a book keeper needs, one frame per committed batch; taking up "book" sends a fresh Snapshot.
        if (combined)
            await _connection.InvokeAsync<IReadOnlyList<string>>("SubscribeCombined", new[] { "book", "trades" });
    }

    private void Apply(BookSnapshotMessage snapshot)
    {
        lock (_gate)
        {
            Messages++;
            _bids.Clear();
            _asks.Clear();
            foreach (var level in snapshot.Bids) _bids[level.Price] = level.Quantity;
            foreach (var level in snapshot.Asks) _asks[level.Price] = level.Quantity;
            Sequence = snapshot.Sequence;
            _synced = true;
        }
    }

    private void Apply(BookDeltaMessage delta)
    {
        var resync = false;
        lock (_gate)
        {
            Messages++;
            if (!_synced || delta.Sequence <= Sequence)
                return;
            if (delta.FirstSequence > Sequence + 1)
            {
                _synced = false;
                Resyncs++;
                resync = true;
            }
            else
            {
                foreach (var change in delta.Changes)
                {
                    var side = change.Side == "buy" ? _bids : _asks;
                    if (change.Quantity == 0) side.Remove(change.Price);
                    else side[change.Price] = change.Quantity;
                }
                Sequence = delta.Sequence;
            }
        }
        if (resync)
            _ = _connection.InvokeAsync<BookSnapshotMessage>("GetSnapshot").ContinueWith(t => { if (t.IsCompletedSuccessfully) Apply(t.Result); }, TaskScheduler.Default);
    }

    public bool Matches(RestBook rest)
    {
        lock (_gate)
            return _bids.Reverse().Select(l => (l.Key, l.Value)).SequenceEqual(rest.Bids.Select(l => (l.Price, l.Quantity)))
                && _asks.Select(l => (l.Key, l.Value)).SequenceEqual(rest.Asks.Select(l => (l.Price, l.Quantity)));
    }

    /// <summary>
    /// Adds this client's engine-to-client latencies to <paramref name="total"/> and, for trades in
    /// <paramref name="committedMs"/> (trade id → ms from the trade's time to its commit reaching market data), the part
    /// after the commit (pacing, fan-out and delivery) to <paramref name="afterCommit"/>.
    /// </summary>
    public void AddLatenciesTo(LatencyHistogram total, LatencyHistogram afterCommit, CommitTimes commits)
    {
        lock (_gate)
        {
            foreach (var (id, ms) in _latencies)
            {
                total.Add(ms);
                if (commits.Trades.TryGetValue(id, out var committed))
                    afterCommit.Add(ms - committed);
            }
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
