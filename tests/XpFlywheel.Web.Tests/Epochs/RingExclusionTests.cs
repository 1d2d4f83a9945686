using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Tests.Economy;

namespace XpFlywheel.Web.Tests.Epochs;

/// <summary>Rings (SPEC §7): flagged with evidence at preview, and once an admin excludes them, paid nothing at the close.</summary>
public sealed class RingExclusionTests : IDisposable
{
    private readonly TestClock _clock = new(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ClockedAppFactory _app;
    private readonly EconomyKit _kit;

    public RingExclusionTests()
    {
        _app = new ClockedAppFactory(_clock);
        _kit = new EconomyKit(_app.Services);
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Three_operator_ring_is_flagged_with_evidence_and_once_excluded_gets_nothing()
    {
        await _app.Services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        var ring = new long[3];
        var agents = new long[3];
        for (var i = 0; i < 3; i++)
        {
            ring[i] = await _kit.OperatorAsync(dollars: 3_000);
            agents[i] = await _kit.AgentAsync(ring[i]);
        }
        // Each pays the next $1,000 three times, seconds apart (test epochs last minutes): the cash goes round and comes back.
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                _clock.Advance(TimeSpan.FromSeconds(5));
                var paid = await _kit.Jobs.RecordAsync(ring[i], agents[i], agents[(i + 1) % 3], 1_000m, succeeded: true);
                Assert.True(paid.Succeeded, paid.Message);
            }
        }
        var honest = await _kit.OperatorAsync();
        var honestAgent = await _kit.AgentAsync(honest);
        for (var i = 0; i < 3; i++)
        {
            var client = await _kit.OperatorAsync(dollars: 100);
            Assert.True((await _kit.Jobs.RecordAsync(client, await _kit.AgentAsync(client), honestAgent, 100m, succeeded: true)).Succeeded);
        }
        var rings = _app.Services.GetRequiredService<RingService>();

        var report = (await rings.CurrentAsync())!;

        var flagged = Assert.Single(report.Rings);
        Assert.Equal(ring.Order(), RingReport.Members(flagged).Order());
        Assert.Equal(3, flagged.Edges.Count);
        Assert.All(flagged.Edges, e => Assert.Equal((3, 3_000m), (e.Jobs, e.Amount.Dollars)));
        Assert.Equal(0, flagged.Net.Micros);
        Assert.All(ring, op => Assert.True(report.PreviewFor(op) > 0));

        var excluded = await rings.SetExclusionsAsync("admin@test.local", report.EpochNumber, RingReport.Members(flagged));
        Assert.True(excluded.IsValid, string.Join(" ", excluded.Errors));
        var after = (await rings.CurrentAsync())!;
        Assert.All(ring, op => Assert.Equal(0, after.PreviewFor(op)));
        Assert.Equal(after.Preview.Pool.Units, after.PreviewFor(honest));

        // An early close ends the epoch at its own instant, and jobs at that instant belong to the next epoch.
        _clock.Advance(TimeSpan.FromSeconds(1));
        var closed = await _app.Services.GetRequiredService<EpochService>().CloseNowAsync("admin@test.local");
        Assert.Equal((1, closed.Pool), (closed.AgentsPaid, closed.Allocated));
        foreach (var op in ring)
            Assert.Equal(0, await _kit.BalanceAsync(Core.Ledger.AccountId.XpAvailable(op)));
        Assert.Equal(closed.Pool, await _kit.BalanceAsync(Core.Ledger.AccountId.XpAvailable(honest)));
        Assert.True(await _kit.DbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "epoch.exclusions" && a.Actor == "admin@test.local")));
    }

    [Fact]
    public async Task Exclusions_of_a_closed_or_unknown_epoch_are_refused_and_change_nothing()
    {
        await _app.Services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        var op = await _kit.OperatorAsync();
        var rings = _app.Services.GetRequiredService<RingService>();

        var unknown = await rings.SetExclusionsAsync("admin@test.local", 99, [op]);
        var nobody = await rings.SetExclusionsAsync("admin@test.local", (await rings.CurrentAsync())!.EpochNumber, [987_654_321]);

        Assert.False(unknown.IsValid);
        Assert.False(nobody.IsValid);
        Assert.Empty((await rings.CurrentAsync())!.Excluded);
    }

    /// <summary>
    /// Two pages showing the same exclusions: the second's change, made from the set before the first's, is refused
    /// and changes nothing, so the first's removal is not put back.
    /// </summary>
    [Fact]
    public async Task An_exclusion_change_made_from_a_set_changed_since_is_refused()
    {
        await _app.Services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        var ops = new[] { await _kit.OperatorAsync(), await _kit.OperatorAsync(), await _kit.OperatorAsync() };
        var rings = _app.Services.GetRequiredService<RingService>();
        var epoch = (await rings.CurrentAsync())!.EpochNumber;
        Assert.True((await rings.SetExclusionsAsync("admin@test.local", epoch, ops, expected: [])).IsValid);
        var loaded = (await rings.CurrentAsync())!.Excluded.ToArray();

        // Page 1 includes ops[1] again; page 2, loaded before, removes ops[2] from the set it showed.
        var first = await rings.SetExclusionsAsync("admin@test.local", epoch, [ops[0], ops[2]], expected: loaded);
        var second = await rings.SetExclusionsAsync("admin@test.local", epoch, [ops[0], ops[1]], expected: loaded);

        Assert.True(first.IsValid);
        Assert.False(second.IsValid);
        Assert.Contains(EpochExclusions.ChangedElsewhere, second.Errors);
        Assert.Equal(new[] { ops[0], ops[2] }.Order(), (await rings.CurrentAsync())!.Excluded.Order());
    }
}
