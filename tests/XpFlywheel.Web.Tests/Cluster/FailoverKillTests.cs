using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;
using Xunit.Abstractions;

namespace XpFlywheel.Web.Tests.Cluster;

/// <summary>
/// Three app processes on one PostgreSQL database under order and job load; the leader is killed with SIGKILL five
/// times at random moments, then paused with SIGSTOP. Each kill a follower must take the writer within 5 s (a pause:
/// within 5 s of the silence limit), and the paused one follows once resumed; at the end every acknowledged order
/// and job is present once, no client order id or idempotency key made two, nothing was created or lost, and every node
/// shows the same book and balances.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FailoverKillTests(PostgresServer server, ITestOutputHelper output)
{
    private static readonly TimeSpan TakeoverTarget = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Three_nodes_survive_five_leader_kills_and_a_paused_leader_under_load_with_every_acknowledged_order_and_job_present_once()
    {
        var database = await server.CreateDatabaseAsync();
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var traders = new List<(long OperatorId, string Key)>();
        var agents = new List<long>();
        // Users, keys and money, through an in-process app that stops before the nodes start (its lease ends with it).
        await using (var setup = new AppFactory { PostgresConnectionString = database, Folder = folder })
        {
            for (var i = 0; i < 4; i++)
            {
                var trader = await ApiClient.CreateAsync(setup, $"kill{i}@test.local", dollars: 100_000, xp: 10_000_000);
                traders.Add((trader.OperatorId, trader.Key));
                var agent = await trader.Http.PostAsJsonAsync("/api/v1/agents", new { name = $"kill-agent-{i}" });
                Assert.Equal(HttpStatusCode.Created, agent.StatusCode);
                agents.Add((await agent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
            }
        }

        var nodes = Enumerable.Range(0, 3).Select(i => new NodeProcess($"node{i}", database, folder)).ToList();
        // A paused leader (below) is taken for stopped after 3 s of silence, the least its 1 s renewal allows.
        foreach (var node in nodes)
            node.Settings["Cluster__LeaderSilenceLimit"] = "00:00:03";
        try
        {
            nodes[0].Start();
            await nodes[0].WaitHealthyAsync(TimeSpan.FromSeconds(60));
            nodes[1].Start();
            nodes[2].Start();
            await Task.WhenAll(nodes[1].WaitHealthyAsync(TimeSpan.FromSeconds(60)), nodes[2].WaitHealthyAsync(TimeSpan.FromSeconds(60)));

            var acknowledged = new ConcurrentDictionary<(long OperatorId, string ClientOrderId), long>();
            using var stopLoad = new CancellationTokenSource();
            var jobs = new ConcurrentDictionary<string, long>();
            var load = traders.Select((trader, i) => LoadAsync(nodes, trader, sell: i % 2 == 0, i, acknowledged, stopLoad.Token))
                .Concat(traders.Select((trader, i) => JobLoadAsync(nodes, trader, agents[i], agents[(i + 1) % agents.Count], i, jobs, stopLoad.Token)))
                .ToList();

            var random = new Random(17);
            var takeovers = new List<TimeSpan>();
            for (var kill = 0; kill < 5; kill++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1_500 + random.Next(2_500)));
                // Under load means orders are flowing: on a busy machine the first ones can take longer than the wait.
                var flowing = acknowledged.Count + 10;
                var waited = Stopwatch.StartNew();
                while (acknowledged.Count < flowing && waited.Elapsed < TimeSpan.FromSeconds(30))
                    await Task.Delay(50);
                var leader = await LeaderAsync(nodes);
                var before = acknowledged.Count;
                var stopwatch = Stopwatch.StartNew();
                leader.Kill();
                var next = await NextLeaderAsync(nodes, leader);
                var takeover = stopwatch.Elapsed;
                takeovers.Add(takeover);
                output.WriteLine($"kill {kill + 1}: {leader.Name} killed after {before} acknowledged orders; {next?.Name ?? "nobody"} leads after {takeover.TotalMilliseconds:0} ms");
                Assert.NotNull(next);
                // Each time: what was acknowledged before the kill is in the new leader's tables, and the ledger adds up.
                var ordersBefore = acknowledged.Values.ToList();
                var jobsBefore = jobs.Values.ToList();
                await EventuallyPresentAsync(database, ordersBefore, jobsBefore);
                leader.Start();
                await leader.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            }

            // The leader paused (SIGSTOP): its sessions stay open, so its lease does not end by itself. Once its lease
            // session has been silent for the limit, a follower ends it and leads; resumed, the old leader follows.
            {
                var leader = await LeaderAsync(nodes);
                var stopwatch = Stopwatch.StartNew();
                leader.Pause();
                try
                {
                    var next = await NextLeaderAsync(nodes, leader);
                    output.WriteLine($"pause: {leader.Name} stopped; {next?.Name ?? "nobody"} leads after {stopwatch.Elapsed.TotalMilliseconds:0} ms");
                    Assert.NotNull(next);
                    Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3) + TakeoverTarget + TimeSpan.FromSeconds(1),
                        $"A takeover from a paused leader took {stopwatch.Elapsed.TotalMilliseconds:0} ms.");
                    await EventuallyPresentAsync(database, acknowledged.Values.ToList(), jobs.Values.ToList());
                }
                finally
                {
                    leader.Resume();
                }
                var resumed = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                while (await leader.HealthAsync() is not { Status: "Healthy", Role: "follower" } && DateTime.UtcNow < resumed)
                    await Task.Delay(100);
                Assert.True(await leader.HealthAsync() is { Status: "Healthy", Role: "follower" }, $"The resumed leader does not follow:\n{leader.Log()}");
            }
            await Task.Delay(1_000);
            await stopLoad.CancelAsync();
            await Task.WhenAll(load);
            output.WriteLine($"{acknowledged.Count} orders and {jobs.Count} jobs acknowledged; takeovers {string.Join(", ", takeovers.Select(t => $"{t.TotalMilliseconds:0} ms"))}");
            Assert.All(takeovers, t => Assert.True(t < TakeoverTarget, $"A takeover took {t.TotalMilliseconds:0} ms."));
            Assert.True(acknowledged.Count > 100, $"Only {acknowledged.Count} orders were acknowledged under load.");
            Assert.True(jobs.Count > 20, $"Only {jobs.Count} jobs were acknowledged under load.");

            // Every node converges on one book and the same balances.
            var leaderNow = await LeaderAsync(nodes);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            List<BookSnapshotMessage> books;
            do
            {
                books = [];
                foreach (var node in nodes)
                    books.Add((await node.Http.GetFromJsonAsync<BookSnapshotMessage>("/api/v1/market/book"))!);
            }
            while (books.Select(b => b.Sequence).Distinct().Count() > 1 && DateTime.UtcNow < deadline && await Delay());
            Assert.Single(books.Select(b => b.Sequence).Distinct());
            foreach (var book in books.Skip(1))
            {
                Assert.Equal(books[0].Bids, book.Bids);
                Assert.Equal(books[0].Asks, book.Asks);
            }
            foreach (var (operatorId, key) in traders)
            {
                var wallets = new List<WalletDto>();
                foreach (var node in nodes)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/wallet");
                    request.Headers.Add("X-Api-Key", key);
                    wallets.Add((await (await node.Http.SendAsync(request)).Content.ReadFromJsonAsync<WalletDto>())!);
                }
                Assert.All(wallets, w => Assert.Equal(wallets[0], w));
            }

            await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>()
                .UseNpgsql(database).Options);
            var orders = await db.Orders.AsNoTracking().Select(o => new { o.Id, o.OperatorId, o.ClientOrderId }).ToListAsync();
            var byId = orders.ToDictionary(o => o.Id);
            foreach (var ((operatorId, clientOrderId), orderId) in acknowledged)
            {
                Assert.True(byId.TryGetValue(orderId, out var order), $"Acknowledged order {orderId} ({clientOrderId}) is missing.");
                Assert.Equal(operatorId, order!.OperatorId);
                Assert.Equal(clientOrderId, order.ClientOrderId);
            }
            Assert.All(orders.Where(o => o.ClientOrderId is not null).GroupBy(o => (o.OperatorId, o.ClientOrderId)),
                g => Assert.True(g.Count() == 1, $"Client order id {g.Key} made {g.Count()} orders."));
            // Every acknowledged job once; every job recorded was acknowledged (each request was sent until answered, with
            // its idempotency key, so none was applied twice).
            var recorded = await db.Jobs.AsNoTracking().Select(j => j.Id).ToListAsync();
            Assert.Equal(jobs.Count, jobs.Values.Distinct().Count());
            Assert.Empty(jobs.Values.Except(recorded));
            Assert.Equal(jobs.Count, recorded.Count);
            var journal = await db.Journal.AsNoTracking().Select(j => j.Sequence).ToListAsync();
            Assert.Equal(journal.Count, journal.Max());
            var wallets2 = await db.Wallets.AsNoTracking().ToListAsync();
            var system = await db.SystemAccounts.AsNoTracking().ToListAsync();
            Assert.Equal(0L, wallets2.Sum(w => w.CashAvailable + w.CashHeld) + system.Where(s => s.Asset == (int)Core.Ledger.Asset.Cash).Sum(s => s.Balance));
            Assert.Equal(0L, wallets2.Sum(w => w.XpAvailable + w.XpHeld + w.XpLocked + w.XpUnlocking) + system.Where(s => s.Asset == (int)Core.Ledger.Asset.Xp).Sum(s => s.Balance));
            Assert.NotNull(leaderNow);
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    private static async Task EventuallyPresentAsync(string database, List<long> orderIds, List<long> jobIds)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(database).Options);
            await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
            var orders = (await db.Orders.AsNoTracking().Select(o => o.Id).ToListAsync()).ToHashSet();
            var jobs = (await db.Jobs.AsNoTracking().Select(j => j.Id).ToListAsync()).ToHashSet();
            var wallets = await db.Wallets.AsNoTracking().ToListAsync();
            var system = await db.SystemAccounts.AsNoTracking().ToListAsync();
            Assert.Equal(0L, wallets.Sum(w => w.CashAvailable + w.CashHeld) + system.Where(a => a.Asset == (int)Core.Ledger.Asset.Cash).Sum(a => a.Balance));
            Assert.Equal(0L, wallets.Sum(w => w.XpAvailable + w.XpHeld + w.XpLocked + w.XpUnlocking) + system.Where(a => a.Asset == (int)Core.Ledger.Asset.Xp).Sum(a => a.Balance));
            var missing = orderIds.Count(id => !orders.Contains(id)) + jobIds.Count(id => !jobs.Contains(id));
            if (missing == 0)
                return;
            Assert.True(DateTime.UtcNow < deadline, $"{missing} acknowledged orders and jobs are still missing 15 s after the takeover.");
            await Task.Delay(100);
        }
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }

    // The node other than the old leader that reports itself the healthy leader first (polled every 20 ms for up to
    // 30 s), or null.
    private static async Task<NodeProcess?> NextLeaderAsync(List<NodeProcess> nodes, NodeProcess old)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            foreach (var node in nodes.Where(n => n != old && n.Running))
            {
                if (await node.HealthAsync() is { Status: "Healthy", Role: "leader" })
                    return node;
            }
            await Task.Delay(20);
        }
        return null;
    }

    private static async Task<NodeProcess> LeaderAsync(List<NodeProcess> nodes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var node in nodes.Where(n => n.Running))
            {
                if (await node.HealthAsync() is { Status: "Healthy", Role: "leader" })
                    return node;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("No node reported itself the leader within 30 s.");
    }

    // One trader placing small crossing orders at random nodes; a request that got no answer (its node died, or no
    // leader took it yet) is sent again with the same client order id, to any node, until it is answered.
    private static async Task LoadAsync(List<NodeProcess> nodes, (long OperatorId, string Key) trader, bool sell, int index,
        ConcurrentDictionary<(long, string), long> acknowledged, CancellationToken stop)
    {
        var random = new Random(index);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var clientOrderId = $"t{index}-{n}";
            var body = new
            {
                side = sell ? "sell" : "buy", type = "limit", price = 0.0100m + random.Next(10) * 0.0001m, quantity = 100, clientOrderId,
            };
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var node = nodes[random.Next(nodes.Count)];
                if (!node.Running)
                    continue;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
                    request.Headers.Add("X-Api-Key", trader.Key);
                    using var response = await node.Http.SendAsync(request, CancellationToken.None);
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        var order = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order");
                        acknowledged[(trader.OperatorId, clientOrderId)] = order.GetProperty("id").GetInt64();
                        break;
                    }
                    if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
                        break; // Refused by the rules (funds): answered, nothing to acknowledge.
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
                {
                    // Its node died mid-request: the same client order id goes again.
                }
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    // One trader's agent having jobs done by another trader's agent at random nodes, each request with an idempotency
    // key and sent again, to any node, until it is answered.
    private static async Task JobLoadAsync(List<NodeProcess> nodes, (long OperatorId, string Key) trader, long clientAgent, long providerAgent,
        int index, ConcurrentDictionary<string, long> jobs, CancellationToken stop)
    {
        var random = new Random(100 + index);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var key = $"j{index}-{n}";
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var node = nodes[random.Next(nodes.Count)];
                if (!node.Running)
                    continue;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs")
                    {
                        Content = JsonContent.Create(new { clientAgentId = clientAgent, providerAgentId = providerAgent, amount = 0.05m, succeeded = true }),
                    };
                    request.Headers.Add("X-Api-Key", trader.Key);
                    request.Headers.Add(ApiIdempotency.Header, key);
                    using var response = await node.Http.SendAsync(request, CancellationToken.None);
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        jobs[key] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt64();
                        break;
                    }
                    Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict,
                        $"Job {key}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
                {
                    // Its node died mid-request: the same idempotency key goes again.
                }
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }
}
