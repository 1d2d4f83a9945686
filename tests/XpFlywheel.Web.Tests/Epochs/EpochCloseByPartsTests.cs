using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Epochs;

/// <summary>
/// A close by parts (score staged, close, credits paid one range of operators at a time) pays exactly what a close in
/// one command pays, survives a restart half-way, and refuses parts that no longer describe the epoch.
/// </summary>
public sealed class EpochCloseByPartsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Actor Service = Actor.System("epochs");
    private readonly List<AppFactory> _factories = [];

    public void Dispose()
    {
        foreach (var factory in _factories)
            factory.Dispose();
    }

    private ClockedAppFactory NewApp(TestClock clock, string? folder = null)
    {
        var factory = folder is null ? new ClockedAppFactory(clock) : new ClockedAppFactory(clock) { Folder = folder };
        factory.Settings["Epochs:Length"] = "01:00:00";
        _factories.Add(factory);
        return factory;
    }

    private static async Task<IServiceProvider> StartAsync(AppFactory factory)
    {
        await factory.Services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        return factory.Services;
    }

    private static async Task<T> ReadAsync<T>(IServiceProvider services, Func<AppDbContext, Task<T>> read)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    // Epoch 1: a burn and nobody eligible (the pool carries over). Epoch 2: providers of four operators (one with two
    // agents) work for shared clients, so the pool (carry-in + burns + emission) is split among five agents.
    private static async Task<long[]> WorkAsync(IServiceProvider services, TestClock clock, Func<Task> close)
    {
        var burner = await Operators.CreateAsync(services, "parts-burner@test.local");
        await Operators.FundAsync(services, burner, 0, 12_345);
        await EconomyRows.AgentAsync(services, burner, "parts-burner-bot");
        await EconomyRows.BurnAsync(services, burner, 12_345);
        clock.Advance(TimeSpan.FromMinutes(5));
        await close();

        var clients = new List<(long, long)>();
        for (var i = 0; i < 3; i++)
        {
            var client = await Operators.CreateAsync(services, $"parts-client{i}@test.local");
            await Operators.FundAsync(services, client, 10_000, 0);
            clients.Add((client, await EconomyRows.AgentAsync(services, client, $"parts-buyer{i}")));
        }
        var providers = new List<long>();
        for (var p = 0; p < 4; p++)
        {
            var provider = await Operators.CreateAsync(services, $"parts-provider{p}@test.local");
            providers.Add(provider);
            for (var a = 0; a < (p == 1 ? 2 : 1); a++)
            {
                var agent = await EconomyRows.AgentAsync(services, provider, $"parts-worker{p}-{a}");
                for (var j = 0; j < 3 + p; j++)
                    await EconomyRows.JobAsync(services, clients[j % clients.Count], (provider, agent), 40 + 17 * p + a);
            }
        }
        clock.Advance(TimeSpan.FromMinutes(5));
        await close();
        return [burner, .. clients.Select(c => c.Item1), .. providers];
    }

    private sealed record Outcome(object Epochs, object Wallets, object Lines, object Earned, object Credits, long BurnPool, string[] Problems);

    private static async Task<Outcome> OutcomeAsync(IServiceProvider services, long[] operators)
    {
        var epochs = await ReadAsync(services, db => db.Epochs.OrderBy(e => e.Number)
            .Select(e => new { e.Number, e.Status, e.Pool, e.PoolFromBurns, e.CarryIn, e.Emission, e.Allocated, e.CarryOut, e.BurnedDuring, e.AgentsPaid })
            .ToListAsync());
        var wallets = await ReadAsync(services, db => db.Wallets.Where(w => operators.Contains(w.Id)).OrderBy(w => w.Id)
            .Select(w => new { w.Id, w.XpAvailable, w.CashAvailable }).ToListAsync());
        var lines = await ReadAsync(services, db => db.EpochAllocations.OrderBy(l => l.EpochNumber).ThenBy(l => l.AgentId)
            .Select(l => new { l.EpochNumber, l.AgentId, l.OperatorId, l.Jobs, l.SuccessfulVolume, l.DistinctCounterparties, l.V, l.Q, l.D, l.R, l.Share, l.Allocation })
            .ToListAsync());
        var earned = await ReadAsync(services, db => db.Agents.OrderBy(a => a.Id).Select(a => new { a.Id, a.EarnedLastEpoch }).ToListAsync());
        var credits = await ReadAsync(services, db => db.Postings
            .Where(p => p.Reason == (int)PostingReason.EpochCredit || p.Reason == (int)PostingReason.Emission || p.FromKind == (int)AccountKind.BurnPool)
            .OrderBy(p => p.Sequence).Select(p => new { p.FromOwner, p.FromKind, p.ToOwner, p.ToKind, p.Amount, p.Reason, p.Reference }).ToListAsync());
        var burnPool = await ReadAsync(services, db => db.SystemAccounts.Where(s => s.Kind == (int)AccountKind.BurnPool).Select(s => s.Balance).SingleAsync());
        var problems = (await services.GetRequiredService<SupplyReport>().ComputeAsync()).Problems.Select(p => p.ToString()!).ToArray();
        return new Outcome(epochs, wallets, lines, earned, credits, burnPool, problems);
    }

    private static void AssertSame(Outcome expected, Outcome actual)
    {
        Assert.Equivalent(expected.Epochs, actual.Epochs, strict: true);
        Assert.Equivalent(expected.Wallets, actual.Wallets, strict: true);
        Assert.Equivalent(expected.Lines, actual.Lines, strict: true);
        Assert.Equivalent(expected.Earned, actual.Earned, strict: true);
        Assert.Equivalent(expected.Credits, actual.Credits, strict: true);
        Assert.Equal(expected.BurnPool, actual.BurnPool);
        Assert.Empty(actual.Problems);
    }

    [Fact]
    public async Task A_close_by_parts_pays_exactly_what_a_close_in_one_command_pays()
    {
        // The same work on two apps: one closes with the writer scoring and paying in one command, the other through
        // the epoch service one operator per part.
        var oneClock = new TestClock(T0);
        var one = await StartAsync(NewApp(oneClock));
        var oneHost = one.GetRequiredService<ExchangeHost>();
        var oneOperators = await WorkAsync(one, oneClock, async () =>
        {
            var open = await ReadAsync(one, db => db.Epochs.Where(e => e.Status == EpochStatus.Open).Select(e => e.Number).SingleAsync());
            Assert.Equal(CloseStatus.Closed, (await oneHost.SubmitAsync<CloseOutcome>(new CloseEpoch(open, Early: true) { By = Actor.Admin("admin@test.local") })).Status);
        });

        var partsClock = new TestClock(T0);
        var parts = await StartAsync(NewApp(partsClock));
        var epochs = parts.GetRequiredService<EpochService>();
        epochs.LinesPerPart = 1;
        var partsOperators = await WorkAsync(parts, partsClock, async () => Assert.True((await epochs.CloseNowAsync("admin@test.local")).Closed));

        Assert.Equal(oneOperators, partsOperators);
        var expected = await OutcomeAsync(one, oneOperators);
        AssertSame(expected, await OutcomeAsync(parts, partsOperators));
        // It really went by parts: five lines staged one a part, four operators paid one a part (plus the open end).
        var journal = await ReadAsync(parts, db => db.Journal.Where(j => j.Type.StartsWith("epoch.")).OrderBy(j => j.Sequence).Select(j => j.Type).ToListAsync());
        Assert.True(journal.Count(t => t == "epoch.stage-score") >= 6, string.Join(", ", journal));
        Assert.True(journal.Count(t => t == "epoch.pay-part") >= 5, string.Join(", ", journal));
        Assert.False(await ReadAsync(parts, db => db.EpochScoreLines.AnyAsync()));
        Assert.False(await ReadAsync(parts, db => db.EpochWork.AnyAsync(w => w.EpochNumber <= 2)));
        Assert.Equal(5, await ReadAsync(parts, db => db.EpochAllocations.CountAsync(l => l.EpochNumber == 2 && l.Allocation > 0)));
    }

    [Fact]
    public async Task A_close_left_paying_by_a_restart_is_finished_when_the_app_starts_again()
    {
        var clock = new TestClock(T0);
        var first = NewApp(clock);
        var services = await StartAsync(first);
        var host = services.GetRequiredService<ExchangeHost>();
        long[] operators = [];
        var work = WorkAsync(services, clock, async () =>
        {
            var epochs = services.GetRequiredService<EpochService>();
            var open = await ReadAsync(services, db => db.Epochs.Where(e => e.Status == EpochStatus.Open).Select(e => e.Number).SingleAsync());
            if (open == 1)
            {
                Assert.True((await epochs.CloseNowAsync("admin@test.local")).Closed);
                return;
            }
            // Epoch 2: staged and closed by hand, then one part paid, then the process stops; the test holds the
            // service's close gate, so the service neither closes it nor finishes paying it meanwhile.
            await epochs.CloseGate.WaitAsync();
            await host.SubmitAsync<bool>(new EndEpoch(open) { By = Actor.Admin("admin@test.local") });
            EpochScore score;
            await using (var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
                score = EpochCloser.ScoreBefore(db, open, services.GetRequiredService<XpFlywheel.Web.Parameters.ParameterBoard>().Current)!;
            var lines = score.Lines.OrderBy(l => l.AgentId).ToArray();
            Assert.True(await host.SubmitAsync<bool>(new StageEpochScore(open, score.Basis, 0, lines[..2]) { By = Service }));
            Assert.True(await host.SubmitAsync<bool>(new StageEpochScore(open, score.Basis, 1, lines[2..]) { By = Service }));
            var closed = await host.SubmitAsync<CloseOutcome>(new CloseEpoch(open, Early: false)
            {
                By = Actor.Admin("admin@test.local"),
                Staged = new StagedClose(score.Basis, score.EndsAt, score.Pool, score.Parameters, score.Rules, lines.Length, score.Allocated, score.CarryOver),
            });
            Assert.Equal(CloseStatus.Paying, closed.Status);
            var firstPaid = lines.Where(l => l.Allocation > 0).Min(l => l.OperatorId);
            Assert.Equal(CloseStatus.Paying, (await host.SubmitAsync<CloseOutcome>(new PayEpochPart(open, firstPaid) { By = Service })).Status);
            // A part that does not continue the last one is refused and changes nothing.
            Assert.Equal(CloseStatus.Unknown, (await host.SubmitAsync<CloseOutcome>(new PayEpochPart(open, firstPaid) { By = Service })).Status);
        });
        operators = await work;
        Assert.Equal(EpochStatus.Paying, await ReadAsync(services, db => db.Epochs.Where(e => e.Number == 2).Select(e => e.Status).SingleAsync()));
        Assert.Empty((await services.GetRequiredService<SupplyReport>().ComputeAsync()).Problems);
        // While it is being paid, the API and the pages say so rather than "open" or a partial list of lines.
        var http = first.CreateClient();
        var allocations = await http.GetAsync("/api/v1/epochs/2/allocations");
        Assert.Equal(System.Net.HttpStatusCode.Conflict, allocations.StatusCode);
        Assert.Contains("epoch_paying", await allocations.Content.ReadAsStringAsync());
        var csv = await http.GetAsync("/api/v1/epochs/2/allocations.csv");
        Assert.Equal(System.Net.HttpStatusCode.Conflict, csv.StatusCode);
        Assert.Equal("application/problem+json", csv.Content.Headers.ContentType?.MediaType);
        var history = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/epochs");
        Assert.Equal("paying", history.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("number").GetInt64() == 2).GetProperty("status").GetString());
        Assert.Contains("This epoch is being paid", await http.GetStringAsync("/epochs/2"));
        var folder = first.Folder;
        await first.DisposeAsync();
        _factories.Remove(first);

        var restarted = await StartAsync(NewApp(clock, folder));

        var epoch = await ReadAsync(restarted, db => db.Epochs.SingleAsync(e => e.Number == 2));
        Assert.Equal(EpochStatus.Closed, epoch.Status);
        Assert.Equal(epoch.Pool, epoch.Allocated);
        Assert.Equal(epoch.Allocated, await ReadAsync(restarted, db => db.EpochAllocations.Where(l => l.EpochNumber == 2).SumAsync(l => l.Allocation)));
        Assert.Equal(epoch.Allocated, await ReadAsync(restarted, db => db.Agents.SumAsync(a => a.EarnedLastEpoch)));
        Assert.Equal(epoch.Allocated, await ReadAsync(restarted, db => db.Wallets.Where(w => operators.Contains(w.Id)).SumAsync(w => w.XpAvailable)));
        Assert.False(await ReadAsync(restarted, db => db.EpochScoreLines.AnyAsync()));
        Assert.Empty((await restarted.GetRequiredService<SupplyReport>().ComputeAsync()).Problems);
    }

    [Fact]
    public async Task Staged_lines_that_no_longer_describe_the_epoch_are_refused_and_the_close_scores_in_one_command()
    {
        var clock = new TestClock(T0);
        var services = await StartAsync(NewApp(clock));
        var host = services.GetRequiredService<ExchangeHost>();
        var client = await Operators.CreateAsync(services, "stale-client@test.local");
        await Operators.FundAsync(services, client, 1_000, 0);
        var buyer = await EconomyRows.AgentAsync(services, client, "stale-buyer");
        var provider = await Operators.CreateAsync(services, "stale-provider@test.local");
        var worker = await EconomyRows.AgentAsync(services, provider, "stale-worker");
        await EconomyRows.JobAsync(services, (client, buyer), (provider, worker), 10);
        EpochScore Score(AppDbContext db) => EpochCloser.ScoreBefore(db, 1, services.GetRequiredService<XpFlywheel.Web.Parameters.ParameterBoard>().Current)!;
        var score = await ReadAsync(services, db => Task.FromResult(Score(db)));

        // A basis that is not the epoch's revision, a part out of order, and a line with an agent twice are refused.
        Assert.False(await host.SubmitAsync<bool>(new StageEpochScore(1, score.Basis - 1, 0, score.Lines) { By = Service }));
        Assert.False(await host.SubmitAsync<bool>(new StageEpochScore(1, score.Basis, 1, score.Lines) { By = Service }));
        Assert.False(await host.SubmitAsync<bool>(new StageEpochScore(1, score.Basis, 0, [.. score.Lines, .. score.Lines]) { By = Service }));
        Assert.False(await host.SubmitAsync<bool>(new StageEpochScore(1, score.Basis, 0, score.Lines) { By = Actor.Operator(provider) }));
        Assert.True(await host.SubmitAsync<bool>(new StageEpochScore(1, score.Basis, 0, score.Lines) { By = Service }));

        // More work after staging: the staged lines are stale, so the close scores the epoch itself and pays at once.
        // (The test holds the service's close gate: the service does not close the ended epoch itself.)
        await services.GetRequiredService<EpochService>().CloseGate.WaitAsync();
        await EconomyRows.JobAsync(services, (client, buyer), (provider, worker), 10);
        await EconomyRows.JobAsync(services, (client, buyer), (provider, worker), 10);
        clock.Advance(TimeSpan.FromMinutes(5));
        await host.SubmitAsync<bool>(new EndEpoch(1) { By = Actor.Admin("admin@test.local") });
        var closed = await host.SubmitAsync<CloseOutcome>(new CloseEpoch(1, Early: false)
        {
            By = Service,
            Staged = new StagedClose(score.Basis, score.EndsAt, score.Pool, score.Parameters, score.Rules, score.Lines.Count, score.Allocated, score.CarryOver),
        });

        Assert.Equal(CloseStatus.Closed, closed.Status);
        Assert.False(await ReadAsync(services, db => db.EpochScoreLines.AnyAsync()));
        var line = await ReadAsync(services, db => db.EpochAllocations.SingleAsync(l => l.AgentId == worker));
        Assert.Equal(3, line.Jobs);
        Assert.Empty((await services.GetRequiredService<SupplyReport>().ComputeAsync()).Problems);
    }

    [Fact]
    public void Pay_parts_group_operators_until_a_part_holds_its_lines_and_the_last_runs_to_the_end()
    {
        Assert.Equal([long.MaxValue], EpochService.Ranges([], 3));
        Assert.Equal([long.MaxValue], EpochService.Ranges([(5, 100)], 3));
        Assert.Equal([2L, 7, long.MaxValue], EpochService.Ranges([(1, 1), (2, 2), (4, 1), (7, 5), (9, 1)], 3));
        Assert.Equal([1L, 2, long.MaxValue], EpochService.Ranges([(1, 1), (2, 1), (3, 1)], 1));
    }
}
