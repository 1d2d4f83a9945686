using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Bench;

/// <summary>What the fan-out bench asks of a hub client that keeps a book.</summary>
internal interface IBookFollower : IAsyncDisposable
{
    Task StartAsync();

    /// <summary>The journal sequence of the book it holds.</summary>
    long Sequence { get; }

    int Messages { get; }

    int Trades { get; }

    int Resyncs { get; }

    bool Matches(RestBook rest);

    /// <summary>
    /// Adds this client's engine-to-client latencies to <paramref name="total"/> and the part after each change reached
    /// market data (pacing, fan-out and delivery) to <paramref name="afterCommit"/>.
    /// </summary>
    void AddLatenciesTo(LatencyHistogram total, LatencyHistogram afterCommit, CommitTimes commits);
}

/// <summary>
/// A follower that speaks SignalR's JSON hub protocol on a bare WebSocket (handshake, invocations, completions and
/// pings, records ended by 0x1E), as a program in any language does: it calls <c>SubscribeCombined(["book","trades"])</c>
/// and keeps the book from the <c>Snapshot</c> and each <c>Update</c>'s delta. It costs a fraction of a
/// <c>HubConnection</c>'s CPU per frame, so one machine can hold thousands of them beside the server and the figure is
/// the server's fan-out rather than the clients' backlog. The wire format is the README's.
/// </summary>
internal sealed class WireFollower(string baseUrl, bool bookOnly = false) : IBookFollower
{
    private const byte RecordSeparator = 0x1E;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] SubscribeBookAndTrades = Encoding.UTF8.GetBytes("{\"type\":1,\"invocationId\":\"sub\",\"target\":\"SubscribeCombined\",\"arguments\":[[\"book\",\"trades\"]]}\u001e");
    private static readonly byte[] SubscribeBook = Encoding.UTF8.GetBytes("{\"type\":1,\"invocationId\":\"sub\",\"target\":\"SubscribeCombined\",\"arguments\":[[\"book\"]]}\u001e");
    private static readonly byte[] GetSnapshot = Encoding.UTF8.GetBytes("{\"type\":1,\"invocationId\":\"snap\",\"target\":\"GetSnapshot\",\"arguments\":[]}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly SortedDictionary<decimal, long> _bids = [];
    private readonly SortedDictionary<decimal, long> _asks = [];
    private readonly List<(long Id, float Ms)> _latencies = [];
    private readonly List<(long First, long Last, long ReceivedTicks)> _deltas = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private bool _synced;

    public long Sequence { get; private set; }
    public int Messages { get; private set; }
    public int Trades { get; private set; }
    public int Resyncs { get; private set; }

    public async Task StartAsync()
    {
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var uri = new Uri(baseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + MarketHub.Path);
        await _socket.ConnectAsync(uri, _stop.Token);
        await SendAsync(Handshake);
        _receiving = ReceiveAsync();
        await SendAsync(bookOnly ? SubscribeBook : SubscribeBookAndTrades);
        await _subscribed.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Tells the server the client is alive (SignalR drops a client silent for 30 s); the group calls it.</summary>
    public Task PingAsync() => _socket.State == WebSocketState.Open ? SendAsync(Ping) : Task.CompletedTask;

    private async Task SendAsync(byte[] record)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(record, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var filled = 0;
        var handshaken = false;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    return;
                filled += result.Count;
                if (!result.EndOfMessage)
                    continue;
                var received = DateTimeOffset.UtcNow;
                var start = 0;
                while (Array.IndexOf(buffer, RecordSeparator, start, filled - start) is var end && end >= 0)
                {
                    var record = buffer.AsSpan(start, end - start);
                    if (handshaken)
                        OnRecord(record, received);
                    else
                        handshaken = true; // "{}": the handshake's answer
                    start = end + 1;
                }
                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _subscribed.TrySetException(new InvalidOperationException("The hub connection ended before the subscription was answered."));
        }
    }

    private void OnRecord(ReadOnlySpan<byte> record, DateTimeOffset received)
    {
        var (type, target, invocationId) = Head(record);
        switch (type)
        {
            case 1 when target == "Update":
                Apply(JsonSerializer.Deserialize<Invocation<MarketUpdateMessage>>(record, Json)!.Arguments[0], received);
                break;
            case 1 when target == "Snapshot":
                Apply(JsonSerializer.Deserialize<Invocation<BookSnapshotMessage>>(record, Json)!.Arguments[0]);
                break;
            case 1:
                lock (_gate) Messages++;
                break;
            case 3 when invocationId == "sub":
                _subscribed.TrySetResult();
                break;
            case 3 when invocationId == "snap":
                if (JsonSerializer.Deserialize<Completion<BookSnapshotMessage>>(record, Json)!.Result is { } snapshot)
                    Apply(snapshot);
                break;
            case 7:
                _stop.Cancel();
                break;
        }
    }

    // The record's type, target and invocation id, read without building the rest.
    private static (int Type, string? Target, string? InvocationId) Head(ReadOnlySpan<byte> record)
    {
        var reader = new Utf8JsonReader(record);
        int type = 0;
        string? target = null, invocationId = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) { reader.Read(); type = reader.GetInt32(); }
            else if (reader.ValueTextEquals("target"u8)) { reader.Read(); target = reader.GetString(); }
            else if (reader.ValueTextEquals("invocationId"u8)) { reader.Read(); invocationId = reader.GetString(); }
            else { reader.Read(); reader.Skip(); }
        }
        return (type, target, invocationId);
    }

    private void Apply(MarketUpdateMessage update, DateTimeOffset received)
    {
        var resync = false;
        lock (_gate)
        {
            Messages++;
            foreach (var trade in update.Trades)
            {
                Trades++;
                _latencies.Add((trade.Id, (float)(received - trade.Time).TotalMilliseconds));
            }
            if (update.Delta is { } received0)
                _deltas.Add((received0.FirstSequence, received0.Sequence, received.UtcTicks));
            if (update.Delta is { } delta && _synced && delta.Sequence > Sequence)
            {
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
        }
        if (resync)
            _ = SendAsync(GetSnapshot);
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

    public bool Matches(RestBook rest)
    {
        lock (_gate)
            return _bids.Reverse().Select(l => (l.Key, l.Value)).SequenceEqual(rest.Bids.Select(l => (l.Price, l.Quantity)))
                && _asks.Select(l => (l.Key, l.Value)).SequenceEqual(rest.Asks.Select(l => (l.Price, l.Quantity)));
    }

    public void AddLatenciesTo(LatencyHistogram total, LatencyHistogram afterCommit, CommitTimes commits)
    {
        lock (_gate)
        {
            if (bookOnly)
            {
                // A delta's latency is that of its oldest change: receipt minus the batch time of the first book it covers.
                foreach (var (first, last, receivedTicks) in _deltas)
                {
                    var oldest = commits.OldestBookIn(first, last);
                    if (oldest < 0)
                        continue;
                    var ms = (receivedTicks - commits.BookAtTicks[oldest]) / (double)TimeSpan.TicksPerMillisecond;
                    total.Add(ms);
                    afterCommit.Add(ms - commits.BookCommitMs[oldest]);
                }
                return;
            }
            foreach (var (id, ms) in _latencies)
            {
                total.Add(ms);
                if (commits.Trades.TryGetValue(id, out var committed))
                    afterCommit.Add(ms - committed);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException)
        {
        }
        _stop.Cancel();
        await _receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _stop.Dispose();
    }

    private sealed record Invocation<T>(int Type, string Target, T[] Arguments);

    private sealed record Completion<T>(int Type, string InvocationId, T? Result);
}
