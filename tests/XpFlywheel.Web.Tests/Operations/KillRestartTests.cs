using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Operations;

// The real app as its own process, killed without warning (SIGKILL) under API load again and again and restarted on
// the same database file each time. What a client was told must hold afterwards, exactly once.
[Collection(KillRestartCollection.Name)]
public sealed class KillRestartTests(ITestOutputHelper output)
{
    private const int Seed = 20261130;
    private const int Kills = 20;
    private const int Traders = 4;
    private const int RetriesPerKind = 3;
    private const int MinimumAnswersPerRun = 12;
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(20);

    // Five-second epochs and a two-second unlock wait (set at seeding), so closes and releases fall due across restarts.
    private static readonly Dictionary<string, string> ChildSettings = new()
    {
        ["Epochs:Length"] = "00:00:05",
        ["Economy:UnlockCheckSeconds"] = "1",
    };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_folder, "app.db");

    [SqliteFact]
    public async Task TheAppSurvivesRepeatedKillsUnderLoadWithEveryAcknowledgedCommandAppliedExactlyOnce()
    {
        var elapsed = Stopwatch.StartNew();
        var random = new Random(Seed);
        var traders = await SeedAsync();
        output.WriteLine($"seeded in {elapsed.Elapsed.TotalSeconds:F1} s");
        var sent = new List<SentRequest>();
        // On a slow machine few requests fit between start and kill: more kills (up to twice as many) until the load
        // has had every kind of change acknowledged.
        var kills = 0;
        while (kills < Kills || (kills < 2 * Kills && sent.Where(s => s.Acknowledged).Select(s => s.Kind).Distinct().Count() < Enum.GetValues<RequestKind>().Length))
        {
            sent.AddRange(await RunUntilKilledAsync(traders, TimeSpan.FromMilliseconds(random.Next(200, 1_501))));
            kills++;
        }

        None(sent.Where(s => s.Status >= 500).Select(s => s.ToString()));
        var acknowledged = sent.Where(s => s.Acknowledged).ToList();
        var lost = sent.Where(s => s.Status is null).ToList();
        var kinds = acknowledged.CountBy(s => s.Kind).ToDictionary();
        Assert.True(kinds.Count == Enum.GetValues<RequestKind>().Length,
            $"Only {string.Join(", ", kinds.Select(k => $"{k.Value} {k.Key}"))} acknowledged: the load did not reach every kind of change.");
        output.WriteLine($"killed {kills} times by {elapsed.Elapsed.TotalSeconds:F1} s");

        var lostButApplied = 0;
        await using (var app = AppProcess.Start(_folder, ChildSettings))
        {
            await app.WaitUntilHealthyAsync();
            var clients = traders.ToDictionary(t => t.OperatorId, t => t.ClientFor(app.Http.BaseAddress!));
            long journaled;
            await using (var db = KillChecks.Open(DatabasePath))
            {
                None(await KillChecks.GaplessJournalAsync(db));
                None(await KillChecks.AcknowledgedExactlyOnceAsync(db, acknowledged));
                journaled = await db.Journal.MaxAsync(j => j.Sequence);
            }
            await UntilAsync(async db => await KillChecks.OverdueAsync(db, Slack));

            await RetryAcknowledgedAsync(clients, [.. acknowledged.GroupBy(s => s.Kind).SelectMany(g => g.OrderBy(_ => random.Next()).Take(RetriesPerKind))]);
            // A request whose answer a kill swallowed may be sent again: applied then if it was not before, never twice.
            var retried = new List<SentRequest>();
            foreach (var request in lost)
            {
                var again = await ApiTrader.SendAsync(clients[request.OperatorId], request);
                Assert.True(again.Status is >= 200 and < 500, again.ToString());
                retried.Add(again);
            }

            await using (var db = KillChecks.Open(DatabasePath))
            {
                None(await KillChecks.GaplessJournalAsync(db));
                None(await KillChecks.KeysAppliedOnceAsync(db));
                None(await KillChecks.OneOrderPerClientOrderIdAsync(db));
                lostButApplied = await KillChecks.AppliedBeforeAsync(db, retried, journaled);
                Assert.True(await db.Epochs.CountAsync(e => e.Status == EpochStatus.Closed) > 1, "no epoch closed while the app was killed and restarted");
                Assert.True(await db.Locks.CountAsync(l => l.Status == LockStatus.Released) > 0, "no unlock was released");
            }
            await UntilAsync(async db => await KillChecks.OverdueAsync(db, Slack));
            await using (var db = KillChecks.Open(DatabasePath))
                Assert.Equal(await KillChecks.BookOfOpenOrdersAsync(db), await LiveApp.BookAsync(app.Http));
            foreach (var wallet in await LiveApp.WalletsAsync(clients.Values))
                Assert.True(wallet is { CashAvailable: >= 0, CashHeld: >= 0, XpAvailable: >= 0, XpHeld: >= 0, XpLocked: >= 0, XpUnlocking: >= 0 }, wallet.ToString());
        }
        output.WriteLine($"final run checked at {elapsed.Elapsed.TotalSeconds:F1} s");
        await CheckRestoredExchangeAsync();

        output.WriteLine($"{kills} kills, {sent.Count} requests: {acknowledged.Count} acknowledged ({string.Join(", ", kinds.Select(k => $"{k.Value} {k.Key}"))}), {lost.Count} lost ({lostButApplied} of them applied before the kill); seed {Seed}; {elapsed.Elapsed.TotalSeconds:F0} s");
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    // Operators with cash, XP, an agent and an API key, made in this process, which then lets go of the database.
    private async Task<List<ApiTrader>> SeedAsync()
    {
        await using var seed = new AppFactory { Folder = _folder, Settings = { ["Epochs:Length"] = ChildSettings["Epochs:Length"] } };
        var services = seed.Services;
        var host = services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var policy = await host.SubmitAsync<Core.Economy.Validated<XpFlywheel.Web.Parameters.ParameterSet>>(
            new Core.Commands.SetLockPolicy(new Core.Economy.LockPolicy(TimeSpan.FromSeconds(2))) { By = Core.Commands.Actor.Admin("kill test") });
        Assert.True(policy.IsValid, string.Join(" ", policy.Errors));
        var traders = new List<ApiTrader>();
        for (var i = 0; i < Traders; i++)
        {
            var id = await Operators.CreateAsync(services, $"killed-{i}@test.local");
            await Operators.FundAsync(services, id, 100_000, 1_000_000);
            var (key, _) = await services.GetRequiredService<ApiKeyService>().CreateAsync(id, "kill test");
            var agent = await services.GetRequiredService<AgentService>().RegisterAsync(id, $"Worker {i}", null);
            traders.Add(new ApiTrader(i, id, key!.Secret, agent.Value!.Id, new Random(Seed + i)));
        }
        foreach (var trader in traders)
            trader.Providers = [.. traders.Where(t => t != trader).Select(t => t.AgentId)];
        return traders;
    }

    private async Task<List<SentRequest>> RunUntilKilledAsync(List<ApiTrader> traders, TimeSpan after)
    {
        var started = Stopwatch.StartNew();
        await using var app = AppProcess.Start(_folder, ChildSettings);
        await app.WaitUntilHealthyAsync();
        var healthy = started.Elapsed;
        var clients = traders.Select(t => t.ClientFor(app.Http.BaseAddress!)).ToList();
        using var stop = new CancellationTokenSource();
        var answeredBefore = traders.Sum(t => t.Answered);
        var load = traders.Select((t, i) => t.RunAsync(clients[i], stop.Token)).ToList();
        await Task.Delay(after);
        // On a loaded machine a request can take a second: the kill waits (up to 20 s more) for a few answers, so every
        // run puts real load under the kill.
        var waited = Stopwatch.StartNew();
        while (traders.Sum(t => t.Answered) - answeredBefore < MinimumAnswersPerRun && waited.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(50);
        await app.KillAsync();
        await stop.CancelAsync();
        var sent = (await Task.WhenAll(load)).SelectMany(s => s).ToList();
        clients.ForEach(c => c.Dispose());
        output.WriteLine($"healthy after {healthy.TotalSeconds:F1} s, killed {after.TotalMilliseconds + waited.ElapsedMilliseconds} ms later: {sent.Count} sent, {sent.Count(s => s.Acknowledged)} acknowledged");
        return sent;
    }

    // Sends acknowledged requests again: each answers 2xx with its first outcome, and no operator's command applies.
    // Balances are compared over a round in which the app's own work (epoch closes, releases) did not run.
    private async Task RetryAcknowledgedAsync(Dictionary<long, HttpClient> clients, List<SentRequest> sample)
    {
        var placements = sample.Where(s => s.Kind == RequestKind.Place).Select(s => (s.Scope, (string?)s.Key)).ToHashSet();
        for (var round = 1; ; round++)
        {
            long last;
            await using (var db = KillChecks.Open(DatabasePath))
                last = await db.Journal.MaxAsync(j => j.Sequence);
            var before = await LiveApp.WalletsAsync(clients.Values);
            foreach (var request in sample)
            {
                var again = await ApiTrader.SendAsync(clients[request.OperatorId], request);
                Assert.True(again.Repeats(request), $"first: {request}\nagain: {again}");
            }
            var after = await LiveApp.WalletsAsync(clients.Values);
            List<JournalEntry> added;
            await using (var db = KillChecks.Open(DatabasePath))
                added = await db.Journal.AsNoTracking().Where(j => j.Sequence > last).ToListAsync();

            // A repeated placement is journaled as sent and answered by the engine as a repeat; nothing else of an operator may be.
            None(added
                .Where(j => j.Actor.StartsWith("o:", StringComparison.Ordinal) && !(j.Type == "order.submit" && placements.Contains((j.Actor, ClientOrderId(j)))))
                .Select(j => $"{j.Sequence} {j.Type} {j.Actor} {j.IdempotencyKey} {j.Command}"));
            if (added.All(j => j.Actor.StartsWith("o:", StringComparison.Ordinal)))
            {
                Assert.Equal(before, after);
                return;
            }
            Assert.True(round < 5, "the app's own work ran during every retry round, so balances could not be compared");
        }
    }

    private static string? ClientOrderId(JournalEntry entry) => JsonNode.Parse(entry.Command)!["clientOrderId"]?.GetValue<string>();

    // Waits for a check over the database to come back empty, within a bound; then asserts it.
    private async Task UntilAsync(Func<AppDbContext, Task<List<string>>> check)
    {
        var deadline = DateTime.UtcNow + CatchUpBound;
        List<string> problems;
        while (true)
        {
            await using (var db = KillChecks.Open(DatabasePath))
                problems = await check(db);
            if (problems.Count == 0 || DateTime.UtcNow > deadline)
                break;
            await Task.Delay(250);
        }
        None(problems);
    }

    // Every violation in full: a kill test that fails must show all the damage, not the first few characters.
    private static void None(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, $"{list.Count} problems:\n{string.Join("\n", list)}");
    }

    // The database opened in this process once the last child is gone: the exchange rebuilt from it holds its
    // invariants, its book is the open order rows, and the supply adds up.
    private async Task CheckRestoredExchangeAsync()
    {
        // A day-long epoch: the supply report reads wallets and system accounts in two queries, which a close between would skew.
        await using var factory = new AppFactory { Folder = _folder, Settings = { ["Epochs:Length"] = "1.00:00:00" } };
        var host = factory.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        await factory.Services.GetRequiredService<EpochService>().Started;
        var (broken, book) = await host.ExecuteAsync(session =>
        {
            var orders = new List<OrderView>();
            session.Engine.CopyOrders(orders);
            return (session.Engine.CheckInvariants(), orders);
        });
        Assert.Null(broken);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var open = await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Open || o.Status == OrderStatus.PartiallyFilled).ToListAsync();
        Assert.NotEmpty(open);
        Assert.Equal(
            open.OrderBy(o => o.Id).Select(o => (o.Id, o.OperatorId, (Side)o.Side, o.PriceTicks, o.Remaining, o.Held)),
            book.OrderBy(o => o.OrderId).Select(o => (o.OrderId, o.OperatorId, o.Side, o.Price.Ticks, o.Remaining.Units, o.Held)));
        None((await factory.Services.GetRequiredService<SupplyReport>().ComputeAsync()).Problems);
    }
}
