using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Bench;

/// <summary>
/// The whole app on Kestrel at a loopback port (fresh SQLite file, demo off) followed by <c>clients</c> SignalR hub
/// connections over WebSockets, each keeping a book from its snapshot and the deltas, either in this process or spread
/// over <c>clientProcesses</c> child processes (<see cref="FanOutClients"/>), so the server's own CPU is measured
/// apart from the clients'. A bounded load of <c>orders</c> limit orders (two operators trading within ±5% of 0.0200)
/// runs at <c>rate</c> orders/s; each trade's engine-to-client latency is the client's receipt time minus the trade's
/// time. At the end every client's book is compared with REST's <c>/api/v1/market/book</c>.
/// </summary>
public static class FanOutBenchmark
{
    public static async Task<FanOutResult> RunAsync(int clients, int orders, int rate, int seed, bool combined = false, int clientProcesses = 0, bool wire = false, bool bookOnly = false)
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
        var connecting = Stopwatch.StartNew();
        await using IFollowerGroup group = clientProcesses > 0
            ? await ChildFollowers.StartAsync(baseUrl, clients, clientProcesses, combined, wire, bookOnly)
            : await LocalFollowers.StartAsync(baseUrl, clients, combined, wire, bookOnly);
        var connected = connecting.Elapsed;
        var gc = GC.GetTotalMemory(forceFullCollection: true);

        // When each trade's batch and each book reached the market data (committed, before the hub paces and fans it out).
        var committed = new Dictionary<long, double>();
        var books = new List<(long Sequence, long AtTicks, double CommitMs)>();
        using var probe = services.GetRequiredService<XpFlywheel.Web.Market.MarketDataService>().Subscribe(change =>
        {
            var now = DateTimeOffset.UtcNow;
            lock (committed)
            {
                foreach (var trade in change.Trades)
                    committed[trade.TradeId] = (now - trade.Time).TotalMilliseconds;
                if (change.BookChanged)
                    books.Add((change.Book.Sequence, change.Book.At.UtcTicks, (now - change.Book.At).TotalMilliseconds));
            }
        });
        var random = new Random(seed);
        await group.GoAsync();
        var serverCpu = Cpu();
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
        CommitTimes commits;
        lock (committed)
            commits = new CommitTimes(new Dictionary<long, double>(committed), [.. books.Select(b => b.Sequence)], [.. books.Select(b => b.AtTicks)], [.. books.Select(b => b.CommitMs)]);
        var outcome = await group.EndAsync(rest, commits);
        var committedHistogram = new LatencyHistogram();
        foreach (var ms in bookOnly ? commits.BookCommitMs : (IEnumerable<double>)commits.Trades.Values)
            committedHistogram.Add(ms);
        var wall = load.Elapsed;
        serverCpu = Cpu() - serverCpu;
        return new FanOutResult(clients, orders, rate, outcome.TradesPerClient, connected, loadTime, outcome.Latencies,
            outcome.Messages / Math.Max(1, clients), outcome.BooksEqual, outcome.Resynced, gc, combined || wire, clientProcesses,
            wall, serverCpu, outcome.ClientCpu, committedHistogram, outcome.AfterCommit, wire, bookOnly);
    }

    /// <summary>CPU time this process has used so far.</summary>
    internal static TimeSpan Cpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static async Task<long> CreateOperatorAsync(IServiceProvider services, string email)
    {
        using var scope = services.CreateScope();
        var (user, _) = await scope.ServiceProvider.GetRequiredService<OperatorRegistration>().RegisterAsync(email, "Bench123!");
        return (await services.GetRequiredService<OperatorDirectory>().FindOperatorIdAsync(user!.Id))!.Value;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What a group of followers saw between the start of the load and catching up with REST's book.</summary>
public sealed record FollowerOutcome(LatencyHistogram Latencies, LatencyHistogram AfterCommit, long Messages, int TradesPerClient, int BooksEqual, int Resynced, TimeSpan ClientCpu);

/// <summary>Followers somewhere: connected when made, told when the load starts, asked for their outcome at the end.</summary>
internal interface IFollowerGroup : IAsyncDisposable
{
    Task GoAsync();

    Task<FollowerOutcome> EndAsync(RestBook rest, CommitTimes commits);
}

/// <summary>Followers in this process (the server and the clients share it).</summary>
internal sealed class LocalFollowers : IFollowerGroup
{
    private readonly IBookFollower[] followers;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pinging;

    private LocalFollowers(IBookFollower[] followers)
    {
        this.followers = followers;
        _pinging = PingAsync();
    }

    public static async Task<LocalFollowers> StartAsync(string baseUrl, int clients, bool combined, bool wire = false, bool bookOnly = false)
    {
        var followers = new IBookFollower[clients];
        var group = new LocalFollowers(followers);
        for (var i = 0; i < clients; i += 50)
            await Task.WhenAll(Enumerable.Range(i, Math.Min(50, clients - i)).Select(async n =>
            {
                IBookFollower follower = wire ? new WireFollower(baseUrl, bookOnly) : new Follower(baseUrl, combined);
                await follower.StartAsync();
                followers[n] = follower;
            }));
        return group;
    }

    // Wire followers have no HubConnection to keep them alive: one loop pings them all every 10 s.
    private async Task PingAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                foreach (var follower in followers)
                    if (follower is WireFollower wire)
                        _ = wire.PingAsync();
        }
        catch (OperationCanceledException)
        {
        }
    }

    public Task GoAsync() => Task.CompletedTask;

    public async Task<FollowerOutcome> EndAsync(RestBook rest, CommitTimes commits)
    {
        var settle = Stopwatch.StartNew();
        while (followers.Any(f => f.Sequence < rest.Sequence) && settle.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(100);
        var (latencies, afterCommit) = (new LatencyHistogram(), new LatencyHistogram());
        foreach (var follower in followers)
            follower.AddLatenciesTo(latencies, afterCommit, commits);
        return new FollowerOutcome(latencies, afterCommit, followers.Sum(f => (long)f.Messages), followers.Length == 0 ? 0 : followers.Max(f => f.Trades),
            followers.Count(f => f.Matches(rest)), followers.Count(f => f.Resyncs > 0), TimeSpan.Zero);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _pinging;
        foreach (var follower in followers)
            if (follower is not null)
                await follower.DisposeAsync();
    }
}

/// <summary>Followers spread over child processes running <see cref="FanOutClients"/>; they talk over stdin/stdout.</summary>
internal sealed class ChildFollowers(Process[] children) : IFollowerGroup
{
    public static async Task<ChildFollowers> StartAsync(string baseUrl, int clients, int processes, bool combined, bool wire, bool bookOnly)
    {
        var children = new Process[processes];
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var dll = typeof(FanOutClients).Assembly.Location;
        for (var i = 0; i < processes; i++)
        {
            var share = clients / processes + (i < clients % processes ? 1 : 0);
            var info = new ProcessStartInfo(self)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
                info.ArgumentList.Add(dll);
            foreach (var arg in new[] { "--fanout-clients", $"--url={baseUrl}", $"--clients={share}" }.Concat(combined ? ["--combined"] : []).Concat(wire ? ["--wire"] : []).Concat(bookOnly ? ["--book-only"] : []))
                info.ArgumentList.Add(arg);
            children[i] = Process.Start(info) ?? throw new InvalidOperationException("A client process did not start.");
        }
        foreach (var child in children)
            await ExpectAsync(child, "ready");
        return new ChildFollowers(children);
    }

    public async Task GoAsync()
    {
        foreach (var child in children)
            await child.StandardInput.WriteLineAsync("go");
        foreach (var child in children)
            await child.StandardInput.FlushAsync();
    }

    public async Task<FollowerOutcome> EndAsync(RestBook rest, CommitTimes commits)
    {
        var line = System.Text.Json.JsonSerializer.Serialize(new EndOfLoad(rest, commits));
        foreach (var child in children)
        {
            await child.StandardInput.WriteLineAsync("end " + line);
            await child.StandardInput.FlushAsync();
        }
        var (latencies, afterCommit) = (new LatencyHistogram(), new LatencyHistogram());
        long messages = 0;
        int trades = 0, equal = 0, resynced = 0;
        var cpu = TimeSpan.Zero;
        foreach (var child in children)
        {
            var result = System.Text.Json.JsonSerializer.Deserialize<ClientsResult>(await ExpectAsync(child, "result "))
                ?? throw new InvalidOperationException("A client process sent no result.");
            latencies.Add(result.Latencies);
            afterCommit.Add(result.AfterCommit);
            messages += result.Messages;
            trades = Math.Max(trades, result.TradesPerClient);
            equal += result.BooksEqual;
            resynced += result.Resynced;
            cpu += TimeSpan.FromMilliseconds(result.CpuMilliseconds);
        }
        return new FollowerOutcome(latencies, afterCommit, messages, trades, equal, resynced, cpu);
    }

    private static async Task<string> ExpectAsync(Process child, string prefix)
    {
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return line[prefix.Length..];
        }
        throw new InvalidOperationException($"A client process ended before saying '{prefix.Trim()}'.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var child in children)
        {
            try
            {
                child.StandardInput.Close();
                if (!child.WaitForExit(TimeSpan.FromSeconds(30)))
                    child.Kill(entireProcessTree: true);
            }
            finally
            {
                child.Dispose();
            }
        }
        await Task.CompletedTask;
    }
}

/// <summary>What the bench tells its client processes when the load is over: REST's book and each trade's commit time.</summary>
internal sealed record EndOfLoad(RestBook Rest, CommitTimes Commits);

/// <summary>
/// When what the load changed reached market data: each trade id's ms from its time to then, and each published book's
/// journal sequence, batch time (UTC ticks) and ms from that time to then, in sequence order.
/// </summary>
public sealed record CommitTimes(Dictionary<long, double> Trades, long[] BookSequences, long[] BookAtTicks, double[] BookCommitMs)
{
    /// <summary>The oldest published book in the journal range [first, last], or -1 when none is.</summary>
    public int OldestBookIn(long first, long last)
    {
        var i = Array.BinarySearch(BookSequences, first);
        if (i < 0)
            i = ~i;
        return i < BookSequences.Length && BookSequences[i] <= last ? i : -1;
    }
}

/// <summary>One client process's outcome on the wire.</summary>
internal sealed record ClientsResult(LatencyHistogram Latencies, LatencyHistogram AfterCommit, long Messages, int TradesPerClient, int BooksEqual, int Resynced, double CpuMilliseconds);

/// <summary>
/// A child process of the fan-out bench: connects <c>clients</c> followers to the hub at <c>url</c>, says "ready",
/// notes its CPU at "go", and at "end {REST book}" waits (up to 60 s) for every follower to reach the book's sequence,
/// compares their books and prints "result {json}".
/// </summary>
public static class FanOutClients
{
    public static async Task<int> RunAsync(string url, int clients, bool combined, bool wire, bool bookOnly)
    {
        await using var group = await LocalFollowers.StartAsync(url, clients, combined, wire, bookOnly);
        Console.WriteLine("ready");
        var cpu = TimeSpan.Zero;
        while (Console.ReadLine() is { } line)
        {
            if (line == "go")
                cpu = FanOutBenchmark.Cpu();
            else if (line.StartsWith("end ", StringComparison.Ordinal))
            {
                var end = System.Text.Json.JsonSerializer.Deserialize<EndOfLoad>(line[4..]) ?? throw new InvalidOperationException("No book.");
                var outcome = await group.EndAsync(end.Rest, end.Commits);
                var used = FanOutBenchmark.Cpu() - cpu;
                Console.WriteLine("result " + System.Text.Json.JsonSerializer.Serialize(new ClientsResult(outcome.Latencies, outcome.AfterCommit, outcome.Messages,
                    outcome.TradesPerClient, outcome.BooksEqual, outcome.Resynced, used.TotalMilliseconds)));
                return 0;
            }
        }
        return 1;
    }
}

/// <summary>One fan-out run: clients, load, engine-to-client latency percentiles, CPU and book agreement.</summary>
public sealed record FanOutResult(
    int Clients, int Orders, int Rate, int TradesPerClient, TimeSpan ConnectTime, TimeSpan LoadTime,
    LatencyHistogram Latencies, long MessagesPerClient, int BooksEqual, int ClientsResynced, long ManagedHeapBytes, bool Combined,
    int ClientProcesses, TimeSpan Wall, TimeSpan ServerCpu, TimeSpan ClientCpu, LatencyHistogram Committed, LatencyHistogram AfterCommit, bool Wire = false, bool BookOnly = false)
{
    public double Percentile(double p) => Latencies.Percentile(p);

    public void Print(TextWriter output)
    {
        var where = ClientProcesses > 0 ? $"in {ClientProcesses} client processes" : "in the server's process";
        output.WriteLine($"Fan-out: {Clients:N0} hub clients {where} (WebSockets, loopback, {(Wire ? "JSON hub protocol on bare sockets, " : "HubConnection, ")}{(BookOnly ? "book only, one Update frame per publish; latency per delta from its oldest change" : Combined ? "book+trades as one Update frame per publish" : "every channel, a frame per message")}), {Orders:N0} orders at {Rate:N0}/s");
        output.WriteLine($"  connect all          {ConnectTime.TotalSeconds,8:F1} s   managed heap after connect {ManagedHeapBytes / 1_048_576.0:F1} MB");
        output.WriteLine($"  load                 {LoadTime.TotalSeconds,8:F1} s   trades per client {TradesPerClient:N0}, messages per client {MessagesPerClient:N0}");
        output.WriteLine($"  engine-to-client ms  p50 {Percentile(0.50):F1}  p90 {Percentile(0.90):F1}  p99 {Percentile(0.99):F1}  max {Percentile(1.0):F1}");
        output.WriteLine($"    of which to commit p50 {Committed.Percentile(0.50):F1}  p90 {Committed.Percentile(0.90):F1}  p99 {Committed.Percentile(0.99):F1}  max {Committed.Percentile(1.0):F1}   (batch applied, journaled, durable, at market data)");
        output.WriteLine($"    commit-to-client   p50 {AfterCommit.Percentile(0.50):F1}  p90 {AfterCommit.Percentile(0.90):F1}  p99 {AfterCommit.Percentile(0.99):F1}  max {AfterCommit.Percentile(1.0):F1}   (pacing, fan-out, delivery)");
        output.WriteLine($"  books equal to REST  {BooksEqual:N0} of {Clients:N0} (clients that resynced: {ClientsResynced:N0})");
        var cores = Wall.TotalSeconds <= 0 ? 0 : 1 / Wall.TotalSeconds;
        output.WriteLine(ClientProcesses > 0
            ? $"  CPU over {Wall.TotalSeconds:F1} s        server {ServerCpu.TotalSeconds:F1} s ({ServerCpu.TotalSeconds * cores:F2} cores), clients {ClientCpu.TotalSeconds:F1} s ({ClientCpu.TotalSeconds * cores:F2} cores)"
            : $"  CPU over {Wall.TotalSeconds:F1} s        server and clients {ServerCpu.TotalSeconds:F1} s ({ServerCpu.TotalSeconds * cores:F2} cores)");
    }
}
