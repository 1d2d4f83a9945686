using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Economy;

namespace XpFlywheel.Web.Tests.Epochs;

/// <summary>
/// The open epoch's work per provider agent and client operator is kept as commands apply (<see cref="EpochWorkTally"/>),
/// so scoring never scans the jobs; these tests hold it to the jobs summed from scratch.
/// </summary>
public sealed class EpochWorkTallyTests : IDisposable
{
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly ClockedAppFactory _app;
    private readonly EconomyKit _kit;

    public EpochWorkTallyTests()
    {
        _app = new ClockedAppFactory(_clock);
        // Long enough that failures become final inside the epoch they were recorded in; closes come from "close now".
        _app.Settings["Epochs:Length"] = "30.00:00:00";
        _kit = new EconomyKit(_app.Services);
    }

    public void Dispose() => _app.Dispose();

    private DisputeService Disputes => (DisputeService)_app.Services.GetService(typeof(DisputeService))!;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task The_epoch_tally_equals_the_open_epochs_jobs_summed_after_any_sequence_of_jobs_disputes_closes_and_rule_changes(int seed)
    {
        var random = new Random(seed);
        var operators = new List<(long Operator, long Agent)>();
        for (var i = 0; i < 4; i++)
        {
            var op = await _kit.OperatorAsync(dollars: 100_000);
            operators.Add((op, await _kit.AgentAsync(op)));
        }
        var jobs = new List<long>();
        for (var step = 0; step < 80; step++)
        {
            switch (random.Next(11))
            {
                case < 5:
                    {
                        // Self-dealing, dust and failures included: they make rows that count nothing (yet).
                        var client = operators[random.Next(operators.Count)];
                        var provider = operators[random.Next(operators.Count)];
                        var amount = random.Next(4) == 0 ? 0.5m : random.Next(1, 300);
                        var recorded = await _kit.Jobs.RecordAsync(client.Operator, client.Agent, provider.Agent, amount, succeeded: random.Next(2) > 0);
                        if (recorded.Value is { } receipt)
                            jobs.Add(receipt.JobId);
                        break;
                    }
                case 5 when jobs.Count > 0:
                    {
                        var job = jobs[random.Next(jobs.Count)];
                        var owner = await _kit.DbAsync(db => db.Jobs.Where(j => j.Id == job).Select(j => j.ProviderOperatorId).SingleAsync());
                        await Disputes.DisputeAsync(owner, job);
                        break;
                    }
                case 6 when jobs.Count > 0:
                    await Disputes.ResolveAsync("admin@test.local", jobs[random.Next(jobs.Count)], failureStands: random.Next(2) == 0);
                    break;
                case 7 or 10:
                    _clock.Advance(TimeSpan.FromHours(random.Next(12, 48)));
                    await Disputes.CloseDueAsync();
                    await _app.Services.GetRequiredService<EpochService>().CloseDueAsync();
                    break;
                case 8 when random.Next(3) == 0:
                    var rules = ReputationRules.Default with { MinJobAmount = Cash.FromDollars(random.Next(1, 60)) };
                    var changed = await _kit.Host.SubmitAsync<Validated<ParameterSet>>(new SetReputationRules(rules) { By = Actor.Admin("admin@test.local") });
                    Assert.True(changed.IsValid);
                    break;
                default:
                    if (random.Next(4) == 0)
                        await _app.Services.GetRequiredService<EpochService>().CloseNowAsync("admin@test.local");
                    break;
            }
            await AssertTallyEqualsJobsAsync();
        }
    }

    [Fact]
    public async Task A_database_from_before_the_tally_has_its_open_epoch_tallied_once_at_start()
    {
        var provider = await _kit.OperatorAsync();
        var providerAgent = await _kit.AgentAsync(provider);
        for (var i = 0; i < 3; i++)
        {
            var client = await _kit.OperatorAsync(dollars: 500);
            Assert.True((await _kit.Jobs.RecordAsync(client, await _kit.AgentAsync(client), providerAgent, 100m, succeeded: i != 1)).Succeeded);
        }
        var factory = _app.Services.GetRequiredService<IDbContextFactory<Data.AppDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            // As the upgrade leaves it: no rows, the open epoch not yet tallied.
            await db.EpochWork.ExecuteDeleteAsync();
            await db.Epochs.ExecuteUpdateAsync(s => s.SetProperty(e => e.WorkTallied, false));
        }
        await _kit.Host.SubmitAsync<long>(new StartEpochs { By = Actor.System("epochs") });

        await AssertTallyEqualsJobsAsync();
        Assert.True(await _kit.DbAsync(db => db.Epochs.Where(e => e.Status == EpochStatus.Open).Select(e => e.WorkTallied).SingleAsync()));
        var preview = await _app.Services.GetRequiredService<EpochReader>().CurrentAsync();
        var line = Assert.Single(preview!.Preview.Agents, a => a.AgentId == providerAgent);
        Assert.Equal(2, line.Jobs); // the failure is still disputable, so it does not count yet
    }

    // Three providers with counted work for two clients each, in the open epoch.
    private async Task WorkingEpochAsync()
    {
        var clients = new List<(long Operator, long Agent)>();
        for (var i = 0; i < 2; i++)
        {
            var op = await _kit.OperatorAsync(dollars: 10_000);
            clients.Add((op, await _kit.AgentAsync(op)));
        }
        for (var p = 0; p < 3; p++)
        {
            var provider = await _kit.OperatorAsync();
            var agent = await _kit.AgentAsync(provider);
            for (var j = 0; j < 4 + p; j++)
            {
                var client = clients[j % 2];
                Assert.True((await _kit.Jobs.RecordAsync(client.Operator, client.Agent, agent, 10m + 7 * p + j, succeeded: true)).Succeeded);
            }
        }
    }

    // The epoch service opens epoch 1 once it starts, which may be after the test's first step: open it here (a no-op once open).
    private async Task<long> OpenEpochAsync()
    {
        await _kit.Host.SubmitAsync<long>(new StartEpochs { By = Actor.System("epochs") });
        return await _kit.DbAsync(db => db.Epochs.Where(e => e.Status == EpochStatus.Open).Select(e => e.Number).SingleAsync());
    }

    // Holds the epoch service's close gate (as a close by parts does) until disposed.
    private async Task<IDisposable> HoldAutomaticClosesAsync()
    {
        var gate = _app.Services.GetRequiredService<EpochService>().CloseGate;
        await gate.WaitAsync();
        return new Released(gate);
    }

    private sealed class Released(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    private async Task<EpochScore> ScoreBeforeAsync(long number)
    {
        var parameters = _app.Services.GetRequiredService<ParameterBoard>().Current;
        var score = await _kit.DbAsync(db => Task.FromResult(EpochCloser.ScoreBefore(db, number, parameters)));
        return Assert.IsType<EpochScore>(score);
    }

    private async Task<List<EpochScoreLine>> PaidLinesAsync(long number) =>
        await _kit.DbAsync(db => db.EpochAllocations.AsNoTracking().Where(a => a.EpochNumber == number).OrderBy(a => a.AgentId)
            .Select(a => new EpochScoreLine(a.AgentId, a.OperatorId, a.Allocation > 0, a.Jobs, a.SuccessfulVolume, a.DistinctCounterparties, a.V, a.Q, a.D, a.R, a.Share, a.Allocation))
            .ToListAsync());

    [Fact]
    public async Task A_close_scored_before_its_command_pays_what_scoring_on_the_writer_pays()
    {
        await WorkingEpochAsync();
        var number = await OpenEpochAsync();
        // The epoch service would close the now-due epoch itself, racing this test's own close: held off meanwhile.
        using var held = await HoldAutomaticClosesAsync();
        _clock.Advance(TimeSpan.FromDays(31));

        var before = await ScoreBeforeAsync(number);
        var inside = await _kit.Host.ExecuteAsync(session =>
        {
            var epoch = session.Db.Epochs.Single(e => e.Number == number);
            return EpochAllocator.Allocate(new Xp(epoch.Pool), EpochData.Load(session.Db, number, epoch.EndsAt), session.Parameters.Epoch,
                session.Parameters.Rules, EpochExclusions.Load(session.Db, number));
        });
        Assert.Equal(inside.Allocated.Units, before.Allocated);
        Assert.Equal(inside.Agents.Select(a => (a.AgentId, a.Allocation.Units, a.Share, a.V, a.Q, a.D, a.R)),
            before.Lines.Select(l => (l.AgentId, l.Allocation, l.Share, l.V, l.Q, l.D, l.R)));

        var outcome = await _kit.Host.SubmitAsync<CloseOutcome>(new CloseEpoch(number, Early: false) { By = Actor.System("epochs"), Score = before });

        // The app's own epoch service may have closed the due epoch first (with a score of its own, taken before its
        // command as well), and may still be paying it by parts; either way, once it is paid, the lines paid are the
        // ones scored off the writer.
        Assert.Contains(outcome.Status, new[] { CloseStatus.Closed, CloseStatus.AlreadyClosed, CloseStatus.Paying });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await _kit.DbAsync(db => db.Epochs.Where(e => e.Number == number).Select(e => e.Status).SingleAsync()) != EpochStatus.Closed
               && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(EpochStatus.Closed, await _kit.DbAsync(db => db.Epochs.Where(e => e.Number == number).Select(e => e.Status).SingleAsync()));
        Assert.Equal(before.Lines.Where(l => l.Allocation > 0).Select(l => (l.AgentId, l.Allocation, l.Share)),
            (await PaidLinesAsync(number)).Where(l => l.Allocation > 0).Select(l => (l.AgentId, l.Allocation, l.Share)));
        Assert.Null(await _kit.InvariantsAsync());
    }

    [Fact]
    public async Task A_close_scored_before_a_change_to_the_epochs_work_is_scored_again_on_the_writer()
    {
        await WorkingEpochAsync();
        var number = await OpenEpochAsync();
        var stale = await ScoreBeforeAsync(number);
        // A new provider works after the score was taken: a stale score would leave it out.
        var client = await _kit.OperatorAsync(dollars: 1_000);
        var clientAgent = await _kit.AgentAsync(client);
        var late = await _kit.AgentAsync(await _kit.OperatorAsync());
        for (var j = 0; j < 5; j++)
            Assert.True((await _kit.Jobs.RecordAsync(client, clientAgent, late, 50m, succeeded: true)).Succeeded);
        // The epoch service would close the now-due epoch itself, racing this test's own close: held off meanwhile.
        using var held = await HoldAutomaticClosesAsync();
        _clock.Advance(TimeSpan.FromDays(31));

        var outcome = await _kit.Host.SubmitAsync<CloseOutcome>(new CloseEpoch(number, Early: false) { By = Actor.System("epochs"), Score = stale with { EndsAt = stale.EndsAt } });

        Assert.Equal(CloseStatus.Closed, outcome.Status);
        var paid = await PaidLinesAsync(number);
        Assert.Equal(stale.Lines.Count + 1, paid.Count);
        Assert.Contains(paid, l => l.AgentId == late && l.Allocation > 0);
        Assert.Null(await _kit.InvariantsAsync());
    }

    [Fact]
    public async Task A_score_that_still_describes_the_epoch_is_paid_as_given_without_scoring_again()
    {
        await WorkingEpochAsync();
        var number = await OpenEpochAsync();
        // The epoch service would close the now-due epoch itself, racing this test's own close: held off meanwhile.
        using var held = await HoldAutomaticClosesAsync();
        _clock.Advance(TimeSpan.FromDays(31));
        var score = await ScoreBeforeAsync(number);
        // Two agents' allocations swapped: still the whole pool, so only the score itself can have paid this.
        var (a, b) = (score.Lines[0], score.Lines[^1]);
        Assert.NotEqual(a.Allocation, b.Allocation);
        var swapped = score with { Lines = [a with { Allocation = b.Allocation }, .. score.Lines.Skip(1).SkipLast(1), b with { Allocation = a.Allocation }] };

        await _kit.Host.SubmitAsync<CloseOutcome>(new CloseEpoch(number, Early: false) { By = Actor.System("epochs"), Score = swapped });

        Assert.Equal(swapped.Lines.Select(l => (l.AgentId, l.Allocation)), (await PaidLinesAsync(number)).Select(l => (l.AgentId, l.Allocation)));
        Assert.Null(await _kit.InvariantsAsync());
    }

    [Fact]
    public async Task A_score_weighed_by_other_rules_or_paying_an_ineligible_agent_is_scored_again_on_the_writer()
    {
        await WorkingEpochAsync();
        var number = await OpenEpochAsync();
        // The epoch service would close the now-due epoch itself, racing this test's own close: held off meanwhile.
        using var held = await HoldAutomaticClosesAsync();
        _clock.Advance(TimeSpan.FromDays(31));
        var score = await ScoreBeforeAsync(number);
        var (a, b) = (score.Lines[0], score.Lines[^1]);
        var swapped = score with { Lines = [a with { Allocation = b.Allocation }, .. score.Lines.Skip(1).SkipLast(1), b with { Allocation = a.Allocation }] };
        // Weighed by another client cap than the writer's: the same swap would be paid as given otherwise.
        var otherRules = swapped with { Rules = swapped.Rules with { ClientCapShare = swapped.Rules.ClientCapShare / 2 } };

        await _kit.Host.SubmitAsync<CloseOutcome>(new CloseEpoch(number, Early: false) { By = Actor.System("epochs"), Score = otherRules });

        Assert.Equal(score.Lines.Select(l => (l.AgentId, l.Allocation)), (await PaidLinesAsync(number)).Select(l => (l.AgentId, l.Allocation)));
    }

    [Fact]
    public async Task Only_an_admin_or_the_epoch_service_ends_an_epoch_early()
    {
        var number = await OpenEpochAsync();
        var operatorId = await _kit.OperatorAsync();
        var endsAt = await _kit.DbAsync(db => db.Epochs.Where(e => e.Number == number).Select(e => e.EndsAt).SingleAsync());

        Assert.False(await _kit.Host.SubmitAsync<bool>(new EndEpoch(number) { By = Actor.Operator(operatorId) }));
        Assert.Equal(endsAt, await _kit.DbAsync(db => db.Epochs.Where(e => e.Number == number).Select(e => e.EndsAt).SingleAsync()));
        Assert.True(await _kit.Host.SubmitAsync<bool>(new EndEpoch(number) { By = Actor.Admin("admin@test.local") }));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, await _kit.DbAsync(db => db.Epochs.Where(e => e.Number == number).Select(e => e.EndsAt).SingleAsync()));
    }

    [Fact]
    public async Task A_score_that_does_not_pay_the_pool_exactly_is_never_paid()
    {
        await WorkingEpochAsync();
        var number = await OpenEpochAsync();
        // The epoch service would close the now-due epoch itself, racing this test's own close: held off meanwhile.
        using var held = await HoldAutomaticClosesAsync();
        _clock.Advance(TimeSpan.FromDays(31));
        var score = await ScoreBeforeAsync(number);
        var first = score.Lines[0];
        var forged = score with { Lines = [first with { Allocation = first.Allocation + 1_000 }, .. score.Lines.Skip(1)] };

        await _kit.Host.SubmitAsync<CloseOutcome>(new CloseEpoch(number, Early: false) { By = Actor.System("epochs"), Score = forged });

        Assert.Equal(score.Lines.Select(l => (l.AgentId, l.Allocation)), (await PaidLinesAsync(number)).Select(l => (l.AgentId, l.Allocation)));
        Assert.Null(await _kit.InvariantsAsync());
    }

    [Fact]
    public async Task Close_now_ends_the_epoch_at_that_moment_and_pays_it_scored_before_the_close()
    {
        await WorkingEpochAsync();
        var number = await OpenEpochAsync();
        _clock.Advance(TimeSpan.FromDays(2));
        var expected = await ScoreBeforeAsync(number);

        var outcome = await _app.Services.GetRequiredService<EpochService>().CloseNowAsync("admin@test.local");

        Assert.Equal((CloseStatus.Closed, number), (outcome.Status, outcome.Number));
        Assert.Equal(expected.Lines.Select(l => (l.AgentId, l.Allocation)), (await PaidLinesAsync(number)).Select(l => (l.AgentId, l.Allocation)));
        var epoch = await _kit.DbAsync(db => db.Epochs.SingleAsync(e => e.Number == number));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, epoch.EndsAt);
        Assert.Equal(1, await _kit.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "epoch.closed" && a.Actor == "admin@test.local")));
    }

    // The tally of the open epoch, and the same figures summed from its jobs under the rules in force.
    private async Task AssertTallyEqualsJobsAsync()
    {
        var rules = _app.Services.GetRequiredService<ParameterBoard>().Current.Rules;
        var min = rules.MinJobAmount.Micros;
        await _kit.DbAsync(async db =>
        {
            var epoch = await db.Epochs.SingleAsync(e => e.Status == EpochStatus.Open);
            var expected = (await db.Jobs.AsNoTracking().Where(j => j.At >= epoch.StartsAt && j.At < epoch.EndsAt).ToListAsync())
                .GroupBy(j => (j.ProviderAgentId, j.ClientOperatorId))
                .Select(g =>
                {
                    var counted = g.Where(j => !j.SelfDealing && j.Amount >= min && j.Standing == JobVerdict.Counted).ToList();
                    return (g.Key.ProviderAgentId, g.Key.ClientOperatorId, counted.Count, counted.Count(j => j.Succeeded),
                        counted.Sum(j => j.Amount), counted.Where(j => j.Succeeded).Sum(j => j.Amount));
                })
                .Order().ToList();
            var actual = (await db.EpochWork.AsNoTracking().Where(w => w.EpochNumber == epoch.Number).ToListAsync())
                .Select(w => (w.ProviderAgentId, w.ClientOperatorId, w.Jobs, w.Succeeded, w.Amount, w.SucceededAmount))
                .Order().ToList();
            Assert.Equal(expected, actual);
            Assert.False(await db.EpochWork.AnyAsync(w => w.EpochNumber != epoch.Number), "A closed epoch's tally is dropped at its close.");
            return true;
        });
    }
}
