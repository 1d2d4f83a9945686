using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Epochs;

namespace XpFlywheel.Web.Tests.Economy;

/// <summary>
/// The writer's per-job reads run as compiled queries (<see cref="ProviderRecords.CountedPerClientQuery"/>,
/// <see cref="WriterRows"/>); these tests hold them to what they replace: <see cref="ProviderRecords.Counted"/>'s
/// filter and <c>DbSet.Find</c>'s answers.
/// </summary>
public sealed class ProviderRecordsTests : IDisposable
{
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly ClockedAppFactory _app;
    private readonly EconomyKit _kit;

    public ProviderRecordsTests()
    {
        _app = new ClockedAppFactory(_clock);
        _app.Settings["Epochs:Length"] = "30.00:00:00";
        _kit = new EconomyKit(_app.Services);
    }

    public void Dispose() => _app.Dispose();

    private DisputeService Disputes => _app.Services.GetRequiredService<DisputeService>();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_per_client_count_filters_jobs_exactly_as_Counted_does(int seed)
    {
        var random = new Random(seed);
        var pairs = new List<(long Operator, long Agent)>();
        for (var i = 0; i < 3; i++)
        {
            // Two agents an operator: jobs between them are self-dealing.
            var op = await _kit.OperatorAsync(dollars: 100_000);
            pairs.Add((op, await _kit.AgentAsync(op)));
            pairs.Add((op, await _kit.AgentAsync(op)));
        }
        var jobs = new List<long>();
        for (var step = 0; step < 80; step++)
        {
            switch (random.Next(8))
            {
                case < 5:
                    // Self-dealing, dust, failures awaiting their window: each is a job Counted leaves out.
                    var client = pairs[random.Next(pairs.Count)];
                    var provider = pairs[(pairs.IndexOf(client) + 1 + random.Next(pairs.Count - 1)) % pairs.Count];
                    var amount = random.Next(4) == 0 ? 0.5m : random.Next(1, 300);
                    if ((await _kit.Jobs.RecordAsync(client.Operator, client.Agent, provider.Agent, amount, succeeded: random.Next(3) > 0)).Value is { } receipt)
                        jobs.Add(receipt.JobId);
                    break;
                case 5 when jobs.Count > 0:
                    var job = jobs[random.Next(jobs.Count)];
                    var owner = await _kit.DbAsync(db => db.Jobs.Where(j => j.Id == job).Select(j => j.ProviderOperatorId).SingleAsync());
                    await Disputes.DisputeAsync(owner, job);
                    break;
                case 6 when jobs.Count > 0:
                    await Disputes.ResolveAsync("admin@test.local", jobs[random.Next(jobs.Count)], failureStands: random.Next(2) == 0);
                    break;
                default:
                    _clock.Advance(TimeSpan.FromHours(random.Next(12, 48)));
                    await Disputes.CloseDueAsync();
                    break;
            }
        }

        var rules = _app.Services.GetRequiredService<ParameterBoard>().Current.Rules;
        var (compiled, linq) = await _kit.DbAsync(async db =>
        {
            var low = pairs.Min(p => p.Agent);
            var high = pairs.Max(p => p.Agent);
            var compiled = (await ProviderRecords.CountedPerClientQuery.Compile()(db, low, high, rules.MinJobAmount.Micros).ToListAsync())
                .OrderBy(w => w.ProviderAgentId).ThenBy(w => w.ClientOperatorId).ToList();
            var counted = await ProviderRecords.Counted(db.Jobs, rules, _clock.GetUtcNow().UtcDateTime).ToListAsync();
            var linq = counted.GroupBy(j => (j.ProviderAgentId, j.ClientOperatorId)).OrderBy(g => g.Key)
                .Select(g => new ProviderRecords.ClientWork(g.Key.ProviderAgentId, g.Key.ClientOperatorId, g.Count(), g.Count(j => j.Succeeded),
                    g.Sum(j => j.Amount), g.Sum(j => j.Succeeded ? j.Amount : 0)))
                .ToList();
            return (compiled, linq);
        });

        Assert.NotEmpty(linq);
        Assert.Equal(linq, compiled);
        // The sequence left jobs that only one filter term excludes, each, so the equality above is not vacuous.
        var min = rules.MinJobAmount.Micros;
        var (selfDealing, dust, notFinal) = await _kit.DbAsync(async db => (
            await db.Jobs.CountAsync(j => j.SelfDealing && j.Amount >= min && j.Standing == JobVerdict.Counted),
            await db.Jobs.CountAsync(j => !j.SelfDealing && j.Amount < min && j.Standing == JobVerdict.Counted),
            await db.Jobs.CountAsync(j => !j.SelfDealing && j.Amount >= min && j.Standing != JobVerdict.Counted)));
        Assert.True(selfDealing > 0 && dust > 0 && notFinal > 0, $"self-dealing {selfDealing}, dust {dust}, not final {notFinal}");
    }

    [Fact]
    public async Task Writer_rows_answer_as_Find_does_with_the_units_own_unsaved_and_changed_rows()
    {
        var op = await _kit.OperatorAsync();
        var agentId = await _kit.AgentAsync(op);
        var day = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);

        var answers = await _kit.Host.ExecuteAsync(session =>
        {
            var db = session.Db;
            var agent = WriterRows.Agent(db, agentId)!;
            agent.Name = "Renamed in this unit";
            var again = WriterRows.Agent(db, agentId);

            var work = new EpochWorkRecord { EpochNumber = 77, ProviderAgentId = agentId, ClientOperatorId = op };
            db.EpochWork.Add(work);
            var volume = new OperatorVolumeDay { OperatorId = op, Day = day };
            db.OperatorVolumeDays.Add(volume);

            return (
                SameAgent: ReferenceEquals(agent, again),
                WorkFound: ReferenceEquals(work, WriterRows.EpochWork(db, 77, agentId, op)),
                VolumeFound: ReferenceEquals(volume, WriterRows.VolumeDay(db, op, day)),
                MissingAgent: WriterRows.Agent(db, agentId + 1_000) is null,
                MissingWork: WriterRows.EpochWork(db, 77, agentId, op + 1_000) is null,
                MissingVolume: WriterRows.VolumeDay(db, op, day.AddDays(1)) is null);
        });

        Assert.Equal((true, true, true, true, true, true), answers);
        // Saved by the unit, the rows are read back from the database by a later one.
        var saved = await _kit.Host.ExecuteAsync(session => (
            WriterRows.Agent(session.Db, agentId)?.Name,
            WriterRows.EpochWork(session.Db, 77, agentId, op) is not null,
            WriterRows.VolumeDay(session.Db, op, day) is not null));
        Assert.Equal(("Renamed in this unit", true, true), saved);
    }

    [Fact]
    public async Task Writer_rows_look_rows_up_without_scanning_every_tracked_row_for_changes()
    {
        // A unit releasing 500 unlocks looks an agent up for each: a change scan per lookup would be O(n²).
        var op = await _kit.OperatorAsync();
        var first = await _kit.AgentAsync(op);
        var second = await _kit.AgentAsync(op);

        var (detectingAfter, stateSeen) = await _kit.Host.ExecuteAsync(session =>
        {
            var db = session.Db;
            var agent = WriterRows.Agent(db, first)!;
            agent.Description = "changed, not yet detected";
            WriterRows.Agent(db, second);
            WriterRows.EpochWork(db, 1, first, op);
            WriterRows.VolumeDay(db, op, new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc));
            var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
            // Read the entry's state without detecting changes now: still Unchanged if no lookup scanned.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var state = db.Entry(agent).State;
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            return (detecting, state);
        });

        Assert.True(detectingAfter);
        Assert.Equal(EntityState.Unchanged, stateSeen);
        // The unit's save still found the change.
        Assert.Equal("changed, not yet detected", await _kit.DbAsync(db => db.Agents.Where(a => a.Id == first).Select(a => a.Description).SingleAsync()));
    }
}
