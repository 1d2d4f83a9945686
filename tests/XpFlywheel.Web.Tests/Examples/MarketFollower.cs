using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace MarketFollowerExample;

/// <summary>Follows the XP/USD market from a program: a book kept from the snapshot and numbered deltas, and every trade.</summary>
public sealed class MarketFollower(TextWriter output)
{
    public record Level(decimal Price, long Quantity, int Orders);
    public record Snapshot(long Sequence, List<Level> Bids, List<Level> Asks, bool Halted);
    public record Change(string Side, decimal Price, long Quantity, int Orders);
    public record Delta(long Sequence, List<Change> Changes);
    public record Trade(long Id, decimal Price, long Quantity, string TakerSide, DateTimeOffset Time);

    private readonly Lock _gate = new();
    private readonly SortedDictionary<decimal, long> _bids = new(), _asks = new();
    private long _sequence;

    public decimal? BestBid { get { lock (_gate) return _bids.Count == 0 ? null : _bids.Keys.Max(); } }
    public decimal? BestAsk { get { lock (_gate) return _asks.Count == 0 ? null : _asks.Keys.Min(); } }

    public async Task<HubConnection> StartAsync(string baseUrl, Action<HttpConnectionOptions>? configure = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(baseUrl + "/hubs/market", options => configure?.Invoke(options))
            .WithAutomaticReconnect()
            .Build();
        connection.On<Snapshot>("Snapshot", Reset);
        connection.On<Delta>("BookDelta", delta =>
        {
            lock (_gate)
            {
                if (delta.Sequence != _sequence + 1)
                {
                    // Missed a delta: fetch a fresh snapshot (not awaited here: handlers must not block the connection).
                    _ = Task.Run(async () => Reset(await connection.InvokeAsync<Snapshot>("GetSnapshot")));
                    return;
                }
                foreach (var change in delta.Changes)
                {
                    var side = change.Side == "buy" ? _bids : _asks;
                    if (change.Quantity == 0) side.Remove(change.Price);
                    else side[change.Price] = change.Quantity;
                }
                _sequence = delta.Sequence;
            }
        });
        connection.On<Trade>("Trade", trade =>
            output.WriteLine($"trade #{trade.Id}: {trade.Quantity} XP at ${trade.Price} ({trade.TakerSide}) — bid {BestBid} / ask {BestAsk}"));
        await connection.StartAsync();
        return connection;
    }

    private void Reset(Snapshot snapshot)
    {
        lock (_gate)
        {
            _bids.Clear();
            _asks.Clear();
            foreach (var level in snapshot.Bids) _bids[level.Price] = level.Quantity;
            foreach (var level in snapshot.Asks) _asks[level.Price] = level.Quantity;
            _sequence = snapshot.Sequence;
        }
    }
}
