using Microsoft.AspNetCore.SignalR.Client;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Web.Tests.Market;

/// <summary>
/// A strict hub client: deltas that arrive before the snapshot wait; after a snapshot at S it drops deltas up to S,
/// the first one applied must have firstSequence ≤ S + 1 ≤ sequence and every next one firstSequence = the previous
/// sequence + 1; anything else counts as a resync and starts again from a fresh snapshot.
/// </summary>
public sealed class BookClient
{
    public sealed record Levels(IReadOnlyList<(decimal Price, long Quantity)> Bids, IReadOnlyList<(decimal Price, long Quantity)> Asks);

    private readonly Lock _gate = new();
    private readonly HubConnection _connection;
    private readonly List<BookDeltaMessage> _early = [];
    private readonly SortedDictionary<decimal, long> _bids = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<decimal, long> _asks = new();
    private readonly TaskCompletionSource _synchronised = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence = -1;
    private bool _appliedSinceSnapshot;

    public BookClient(HubConnection connection)
    {
        _connection = connection;
        connection.On<BookSnapshotMessage>("Snapshot", Load);
        connection.On<BookDeltaMessage>("BookDelta", Apply);
        connection.On<MarketUpdateMessage>("Update", update => { if (update.Delta is { } delta) Apply(delta); });
    }

    public Task Synchronised => _synchronised.Task;

    public int Deltas { get; private set; }

    public int Resyncs { get; private set; }

    public Levels Current
    {
        get
        {
            lock (_gate)
                return new Levels([.. _bids.Select(kv => (kv.Key, kv.Value))], [.. _asks.Select(kv => (kv.Key, kv.Value))]);
        }
    }

    public async Task WaitForAsync(Func<Levels, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Current))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The client's book never matched; bids {string.Join(",", Current.Bids)} asks {string.Join(",", Current.Asks)}.");
            await Task.Delay(20);
        }
    }

    private void Load(BookSnapshotMessage snapshot)
    {
        lock (_gate)
        {
            _bids.Clear();
            _asks.Clear();
            foreach (var level in snapshot.Bids)
                _bids[level.Price] = level.Quantity;
            foreach (var level in snapshot.Asks)
                _asks[level.Price] = level.Quantity;
            _sequence = snapshot.Sequence;
            _appliedSinceSnapshot = false;
            var early = _early.Where(d => d.Sequence > _sequence).OrderBy(d => d.Sequence).ToArray();
            _early.Clear();
            foreach (var delta in early)
                ApplyInOrder(delta);
        }
        _synchronised.TrySetResult();
    }

    private void Apply(BookDeltaMessage delta)
    {
        lock (_gate)
        {
            if (_sequence < 0)
            {
                _early.Add(delta);
                return;
            }
            ApplyInOrder(delta);
        }
    }

    private void ApplyInOrder(BookDeltaMessage delta)
    {
        if (delta.Sequence <= _sequence)
            return;
        var follows = _appliedSinceSnapshot ? delta.FirstSequence == _sequence + 1 : delta.FirstSequence <= _sequence + 1;
        if (!follows)
        {
            // A gap: start again from a snapshot.
            Resyncs++;
            _sequence = -1;
            _early.Add(delta);
            _ = _connection.InvokeAsync<BookSnapshotMessage>("GetSnapshot").ContinueWith(t => { if (t.IsCompletedSuccessfully) Load(t.Result); }, TaskScheduler.Default);
            return;
        }
        foreach (var change in delta.Changes)
        {
            var side = change.Side == "buy" ? _bids : _asks;
            if (change.Quantity == 0)
                side.Remove(change.Price);
            else
                side[change.Price] = change.Quantity;
        }
        _sequence = delta.Sequence;
        _appliedSinceSnapshot = true;
        Deltas++;
    }
}
