using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace MarketFollowerExample;

/// <summary>Follows the XP/USD market from a program: a book kept from REST's snapshot and the hub's deltas, and every trade.</summary>
public sealed class MarketFollower(HttpClient http, TextWriter output)
{
    public record Level(decimal Price, long Quantity, int Orders);
    public record Book(long Sequence, List<Level> Bids, List<Level> Asks, bool Halted);
    public record Change(string Side, decimal Price, long Quantity, int Orders);
    public record Delta(long FirstSequence, long Sequence, List<Change> Changes);
    public record Trade(long Id, decimal Price, long Quantity, string TakerSide, DateTimeOffset Time, long Sequence);

    private readonly Lock _gate = new();
    private readonly SortedDictionary<decimal, Level> _bids = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a))), _asks = new();
    private readonly List<Delta> _waiting = [];
    private long _sequence = -1; // -1 until a snapshot is loaded: deltas wait

    /// <summary>The book as followed, best first, as of the journal sequence of the last delta applied.</summary>
    public (long Sequence, List<Level> Bids, List<Level> Asks) Current { get { lock (_gate) return (_sequence, [.. _bids.Values], [.. _asks.Values]); } }
    public decimal? BestBid { get { lock (_gate) return _bids.Count == 0 ? null : _bids.First().Key; } }
    public decimal? BestAsk { get { lock (_gate) return _asks.Count == 0 ? null : _asks.First().Key; } }

    public async Task<HubConnection> StartAsync(Action<HttpConnectionOptions>? configure = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(http.BaseAddress!, "/hubs/market"), options => configure?.Invoke(options))
            .WithAutomaticReconnect()
            .Build();
        connection.On<Delta>("BookDelta", delta => { lock (_gate) Receive(delta); });
        // A batch's BookDelta comes before its trades, so the book printed here already holds the trade.
        connection.On<Trade>("Trade", trade => output.WriteLine(
            $"#{trade.Sequence} trade {trade.Id}: {trade.Quantity} XP at ${trade.Price} ({trade.TakerSide}) — bid {BestBid} / ask {BestAsk}"));
        await connection.StartAsync();
        await LoadSnapshotAsync(); // after subscribing, so no delta above the snapshot is missed
        return connection;
    }

    private async Task LoadSnapshotAsync()
    {
        var book = await http.GetFromJsonAsync<Book>("/api/v1/market/book?depth=50");
        lock (_gate)
        {
            _bids.Clear();
            _asks.Clear();
            foreach (var level in book!.Bids) _bids[level.Price] = level;
            foreach (var level in book.Asks) _asks[level.Price] = level;
            _sequence = book.Sequence;
            var waiting = _waiting.ToArray();
            _waiting.Clear();
            foreach (var delta in waiting) Receive(delta);
        }
    }

    // Binance's rule for a local book: drop what the snapshot holds, apply a delta whose range starts by the next sequence.
    private void Receive(Delta delta)
    {
        if (_sequence < 0 || delta.FirstSequence > _sequence + 1)
        {
            if (_sequence >= 0)
            {
                // Missed a delta: reload the snapshot (not awaited here: handlers must not block the connection).
                _sequence = -1;
                _ = Task.Run(LoadSnapshotAsync);
            }
            _waiting.Add(delta);
            return;
        }
        if (delta.Sequence <= _sequence)
            return;
        foreach (var change in delta.Changes)
        {
            var side = change.Side == "buy" ? _bids : _asks;
            if (change.Quantity == 0) side.Remove(change.Price);
            else side[change.Price] = new Level(change.Price, change.Quantity, change.Orders);
        }
        _sequence = delta.Sequence;
    }
}
