using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace UserStreamExample;

/// <summary>Follows your own orders, wallet and notifications from a program, resuming after a reconnect where it left off.</summary>
public sealed class UserStreamFollower(Uri server, string apiKey, TextWriter output)
{
    public record Fill(long TradeId, decimal Price, long Quantity, decimal Fee, string Liquidity);
    public record Order(long Sequence, long JournalSequence, long OrderId, string? ClientOrderId, string Event, string Side,
        decimal? Price, long Remaining, List<Fill> Fills, string? Reason, DateTimeOffset Time);
    public record Wallet(decimal CashAvailable, decimal CashHeld, long XpAvailable, long XpHeld, long XpLocked, long XpUnlocking,
        decimal CashHeldByOtc, long XpHeldByOtc, decimal CashHeldByFailedJobs);
    public record Balance(long Sequence, long JournalSequence, Wallet Wallet, DateTimeOffset Time);
    public record Notification(long Sequence, long Id, string Kind, string Message, DateTimeOffset Time);
    public record OpenOrder(long OrderId, string? ClientOrderId, string Side, decimal Price, long Remaining, bool PostOnly);
    public record Snapshot(long Sequence, long JournalSequence, List<OpenOrder> Orders, Wallet Wallet);

    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, (string Side, decimal? Price, long Remaining)> _open = [];
    private HubConnection? _connection;
    private long _sequence = -1; // -1 until the first snapshot: events wait for it

    /// <summary>The last sequence applied, your resting orders and your wallet, as followed.</summary>
    public long Sequence { get { lock (_gate) return _sequence; } }
    public IReadOnlyDictionary<long, (string Side, decimal? Price, long Remaining)> OpenOrders { get { lock (_gate) return new Dictionary<long, (string, decimal?, long)>(_open); } }
    public Wallet? CurrentWallet { get; private set; }

    public async Task<HubConnection> StartAsync(Action<HttpConnectionOptions>? configure = null)
    {
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/user"), options =>
            {
                options.Headers["X-Api-Key"] = apiKey; // or, in a signed-in browser, the session cookie
                configure?.Invoke(options);
            })
            .WithAutomaticReconnect()
            .Build();
        _connection.On<Snapshot>("Snapshot", snapshot =>
        {
            lock (_gate)
            {
                _open.Clear();
                foreach (var order in snapshot.Orders) _open[order.OrderId] = (order.Side, order.Price, order.Remaining);
                CurrentWallet = snapshot.Wallet;
                _sequence = snapshot.Sequence;
            }
            output.WriteLine($"#{snapshot.Sequence} snapshot: {snapshot.Orders.Count} open orders, ${snapshot.Wallet.CashAvailable} and {snapshot.Wallet.XpAvailable} XP available");
        });
        _connection.On<Order>("Order", order => Next(order.Sequence, () =>
        {
            if (order.Remaining > 0 && order.Event is "new" or "partially_filled" or "amended") _open[order.OrderId] = (order.Side, order.Price, order.Remaining);
            else _open.Remove(order.OrderId);
            foreach (var fill in order.Fills)
                output.WriteLine($"#{order.Sequence} order {order.OrderId} {order.Event}: {fill.Quantity} XP at ${fill.Price}, fee ${fill.Fee} ({fill.Liquidity})");
            if (order.Fills.Count == 0) output.WriteLine($"#{order.Sequence} order {order.OrderId} {order.Event}, {order.Remaining} XP resting");
        }));
        _connection.On<Balance>("Balance", balance => Next(balance.Sequence, () => CurrentWallet = balance.Wallet));
        _connection.On<Notification>("Notification", note => Next(note.Sequence, () => output.WriteLine($"#{note.Sequence} {note.Kind}: {note.Message}")));
        // A new connection after a drop: ask for what came after the last event applied (or a snapshot, if too old).
        _connection.Reconnected += _ => _connection.InvokeAsync("Subscribe", (long?)(Sequence < 0 ? null : Sequence));
        await _connection.StartAsync();
        await _connection.InvokeAsync("Subscribe", (long?)null);
        return _connection;
    }

    // Every event is the sequence after the one before; a repeat is skipped, a gap means subscribing again from the last.
    private void Next(long sequence, Action apply)
    {
        lock (_gate)
        {
            if (_sequence < 0 || sequence <= _sequence) return;
            if (sequence != _sequence + 1)
            {
                _ = _connection!.InvokeAsync("Subscribe", (long?)_sequence);
                return;
            }
            apply();
            _sequence = sequence;
        }
    }
}
