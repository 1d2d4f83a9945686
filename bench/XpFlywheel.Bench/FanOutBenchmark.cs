using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Bench;

/// <summary>
/// The whole app on Kestrel at a loopback port (fresh SQLite file, demo off) followed by <c>clients</c> SignalR hub
/// connections over WebSockets, each keeping a book from its snapshot and the deltas. A bounded load of
/// <c>orders</c> limit orders (two operators trading within ±5% of 0.0200) runs at <c>rate</c> orders/s; each trade's
/// engine-to-client latency is the client's receipt time minus the trade's time. At the end every client's book is
/// compared with REST's <c>/api/v1/market/book</c>.
/// </summary>
public static class FanOutBenchmark
{
    public static async Task<FanOutResult> RunAsync(int clients, int orders, int rate, int seed, bool combined = false)
    {
        var port = FreePort();
        var folder = Directory.CreateTempSubdirectory("xpflywheel-fanout-");
        await using var app = new BenchApp(folder.FullName, clients);
        app.UseKestrel(port);
        app.StartServer();
        var services = app.Services;
        await services.GetRequiredService<ExchangeHost>().Ready;
        var trading = services.GetRequiredService<TradingService>();
        var seller = await CreateOperatorAsync(services, "fanout-seller@bench.local");
        var buyer = await CreateOperatorAsync(services, "fanout-buyer@bench.local");
        await trading.DepositAsync(buyer, Cash.FromDollars(10_000_000));
        await trading.GrantXpAsync(seller, 1_000_000_000, Actor.System("bench"));
        await trading.DepositAsync(seller, Cash.FromDollars(10_000_000));
        await trading.GrantXpAsync(buyer, 1_000_000_000, Actor.System("bench"));
        await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 10));
        await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 10));

        var baseUrl = $"http://127.0.0.1:{port}";
        var followers = new Follower[clients];
        var connecting = Stopwatch.StartNew();
        for (var i = 0; i < clients; i += 50)
            await Task.WhenAll(Enumerable.Range(i, Math.Min(50, clients - i)).Select(async n =>
            {
                followers[n] = new Follower(baseUrl, combined);
                await followers[n].StartAsync();
            }));
        var connected = connecting.Elapsed;
        var gc = GC.GetTotalMemory(forceFullCollection: true);

        var random = new Random(seed);
        var load = Stopwatch.StartNew();
        var placed = new List<Task>(orders);
        for (var i = 0; i < orders; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - load.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait);
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var price = 0.0190m + random.Next(21) * 0.0001m;
            placed.Add(trading.PlaceAsync(side == Side.Buy ? buyer : seller, new PlaceOrderRequest(side, OrderType.Limit, price, random.Next(1, 200))));
            if (random.Next(20) == 0)
                placed.Add(trading.CancelAllAsync(random.Next(2) == 0 ? buyer : seller));
        }
        await Task.WhenAll(placed);
        var loadTime = load.Elapsed;

        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var rest = await http.GetFromJsonAsync<RestBook>("/api/v1/market/book?depth=50") ?? throw new InvalidOperationException("No book.");
        var settle = Stopwatch.StartNew();
        while (followers.Any(f => f.Sequence < rest.Sequence) && settle.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(100);
        var equal = followers.Count(f => f.Matches(rest));
        var latencies = followers.SelectMany(f => f.Latencies()).Order().ToArray();
        var messages = followers.Sum(f => f.Messages);
        var trades = followers.Length == 0 ? 0 : followers.Max(f => f.Trades);
        foreach (var follower in followers)
            await follower.DisposeAsync();
        return new FanOutResult(clients, orders, rate, trades, connected, loadTime, latencies, messages / Math.Max(1, clients),
            equal, followers.Count(f => f.Resyncs > 0), gc, combined);
    }

    private static async Task<long> CreateOperatorAsync(IServiceProvider services, string email)
    {
        using var scope = services.CreateScope();
        var (user, _) = await scope.ServiceProvider.GetRequiredService<OperatorRegistration>().RegisterAsync(email, "Bench123!");
        return (await services.GetRequiredService<OperatorDirectory>().FindOperatorIdAsync(user!.Id))!.Value;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record RestLevel(decimal Price, long Quantity);

    private sealed record RestBook(long Sequence, List<RestLevel> Bids, List<RestLevel> Asks);

    /// <summary>A hub client keeping the top of the book from its snapshot and deltas, as the README's follower does.</summary>
    private sealed class Follower(string baseUrl, bool combined) : IAsyncDisposable
    {
        private readonly HubConnection _connection = new HubConnectionBuilder()
            .WithUrl($"{baseUrl}{MarketHub.Path}", o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
            .Build();
        private readonly SortedDictionary<decimal, long> _bids = [];
        private readonly SortedDictionary<decimal, long> _asks = [];
        private readonly List<double> _latencies = [];
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
                    _latencies.Add((now - trade.Time).TotalMilliseconds);
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
                        _latencies.Add((now - trade.Time).TotalMilliseconds);
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

        public double[] Latencies()
        {
            lock (_gate)
                return [.. _latencies];
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}

/// <summary>One fan-out run: clients, load, engine-to-client latency percentiles and book agreement.</summary>
public sealed record FanOutResult(
    int Clients, int Orders, int Rate, int TradesPerClient, TimeSpan ConnectTime, TimeSpan LoadTime,
    double[] LatenciesMs, int MessagesPerClient, int BooksEqual, int ClientsResynced, long ManagedHeapBytes, bool Combined = false)
{
    public double Percentile(double p) =>
        LatenciesMs.Length == 0 ? 0 : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)Math.Ceiling(p * LatenciesMs.Length) - 1)];

    public void Print(TextWriter output)
    {
        output.WriteLine($"Fan-out: {Clients:N0} hub clients (WebSockets, loopback, {(Combined ? "book+trades as one Update frame per batch" : "every channel, a frame per message")}), {Orders:N0} orders at {Rate:N0}/s");
        output.WriteLine($"  connect all          {ConnectTime.TotalSeconds,8:F1} s   managed heap after connect {ManagedHeapBytes / 1_048_576.0:F1} MB");
        output.WriteLine($"  load                 {LoadTime.TotalSeconds,8:F1} s   trades per client {TradesPerClient:N0}, messages per client {MessagesPerClient:N0}");
        output.WriteLine($"  engine-to-client ms  p50 {Percentile(0.50):F1}  p90 {Percentile(0.90):F1}  p99 {Percentile(0.99):F1}  max {Percentile(1.0):F1}");
        output.WriteLine($"  books equal to REST  {BooksEqual:N0} of {Clients:N0} (clients that resynced: {ClientsResynced:N0})");
    }
}
