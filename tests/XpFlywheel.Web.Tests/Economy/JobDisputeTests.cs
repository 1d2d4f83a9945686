using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Tests.Epochs;

namespace XpFlywheel.Web.Tests.Economy;

/// <summary>Jobs have two sides (SPEC §3): failures hold the client's cash, stay disputable, and count only once final.</summary>
public sealed class JobDisputeTests : IDisposable
{
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly ClockedAppFactory _app;
    private readonly EconomyKit _kit;

    public JobDisputeTests()
    {
        _app = new ClockedAppFactory(_clock);
        _kit = new EconomyKit(_app.Services);
    }

    public void Dispose() => _app.Dispose();

    private DisputeService Disputes => (DisputeService)_app.Services.GetService(typeof(DisputeService))!;

    // A provider with ten honest $100 successes from ten operators: trust's success part is full.
    private async Task<(long Operator, long Agent)> ReputableProviderAsync()
    {
        var provider = await _kit.OperatorAsync();
        var agent = await _kit.AgentAsync(provider);
        for (var i = 0; i < 10; i++)
        {
            var client = await _kit.OperatorAsync(dollars: 100);
            var result = await _kit.Jobs.RecordAsync(client, await _kit.AgentAsync(client), agent, 100m, succeeded: true);
            Assert.True(result.Succeeded, result.Message);
        }
        return (provider, agent);
    }

    [Fact]
    public async Task Free_sabotage_forty_failed_jobs_move_the_targets_trust_by_less_than_one_point()
    {
        var (_, target) = await ReputableProviderAsync();
        var before = (await _kit.Agents.FindAsync(target))!.Trust.Total;
        var attacker = await _kit.OperatorAsync(dollars: 40_000);
        var attackerAgent = await _kit.AgentAsync(attacker);

        // The attack as tried: a billion dollars a failure is no longer free, so it is refused outright.
        var free = await _kit.Jobs.RecordAsync(attacker, attackerAgent, target, 1_000_000_000m, succeeded: false);
        Assert.Equal(EconomyErrors.InsufficientCash, free.Code);
        for (var i = 0; i < 40; i++)
        {
            var failed = await _kit.Jobs.RecordAsync(attacker, attackerAgent, target, 1_000m, succeeded: false);
            Assert.True(failed.Succeeded, failed.Message);
        }

        var after = (await _kit.Agents.FindAsync(target))!.Trust.Total;
        Assert.True(Math.Abs(before - after) < 1, $"Trust moved from {before} to {after}.");
        Assert.Equal(0, await _kit.BalanceAsync(AccountId.CashAvailable(attacker)));
        Assert.Equal(40_000_000_000, await _kit.BalanceAsync(AccountId.JobEscrow));
        Assert.Equal(40, (await Disputes.DisputableAsync((await _kit.Agents.FindAsync(target))!.OperatorId)).Total);
        Assert.Null(await _kit.InvariantsAsync());
    }

    /// <summary>A dispute list shows its first <see cref="DisputeList.MaxRows"/> failures and counts all of them, so a page says more wait.</summary>
    [Fact]
    public async Task A_dispute_list_shows_its_first_rows_and_counts_every_failure()
    {
        var (_, target) = await ReputableProviderAsync();
        var client = await _kit.OperatorAsync(dollars: 1_000);
        var clientAgent = await _kit.AgentAsync(client);
        for (var i = 0; i < DisputeList.MaxRows + 5; i++)
            Assert.True((await _kit.Jobs.RecordAsync(client, clientAgent, target, 1m, succeeded: false)).Succeeded);

        var list = await Disputes.DisputableAsync((await _kit.Agents.FindAsync(target))!.OperatorId);
        Assert.Equal(DisputeList.MaxRows, list.Items.Count);
        Assert.Equal(DisputeList.MaxRows + 5, list.Total);
        Assert.True(list.HasMore);
        Assert.Equal(list.Items.OrderBy(d => d.DisputableUntil).ThenBy(d => d.JobId).Select(d => d.JobId), list.Items.Select(d => d.JobId));
    }

    [Fact]
    public async Task Undisputed_failure_counts_against_the_provider_only_after_the_window_and_refunds_the_client()
    {
        var (_, target) = await ReputableProviderAsync();
        var client = await _kit.OperatorAsync(dollars: 100);
        var clientAgent = await _kit.AgentAsync(client);
        await _kit.Jobs.RecordAsync(client, clientAgent, target, 100m, succeeded: false);
        Assert.Equal(10, (await _kit.Agents.FindAsync(target))!.Jobs);

        _clock.Advance(ReputationRules.Default.DisputeWindow - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await Disputes.CloseDueAsync());
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Disputes.CloseDueAsync());

        var agent = (await _kit.Agents.FindAsync(target))!;
        Assert.Equal(11, agent.Jobs);
        Assert.True(agent.Trust.SuccessPart < 50);
        Assert.Equal(100_000_000, await _kit.BalanceAsync(AccountId.CashAvailable(client)));
        Assert.Equal(0, await _kit.BalanceAsync(AccountId.JobEscrow));
        Assert.Null(await _kit.InvariantsAsync());
    }

    [Fact]
    public async Task Disputed_failure_counts_nowhere_until_an_admin_resolves_it_and_the_resolution_is_audited()
    {
        var (provider, target) = await ReputableProviderAsync();
        var client = await _kit.OperatorAsync(dollars: 200);
        var clientAgent = await _kit.AgentAsync(client);
        var voided = (await _kit.Jobs.RecordAsync(client, clientAgent, target, 100m, succeeded: false)).Value!.JobId;
        var stands = (await _kit.Jobs.RecordAsync(client, clientAgent, target, 100m, succeeded: false)).Value!.JobId;

        Assert.Equal(EconomyErrors.NotDisputable, (await Disputes.DisputeAsync(client, voided)).Code);   // the client may read the job, not dispute it
        Assert.True((await Disputes.DisputeAsync(provider, voided)).Succeeded);
        Assert.True((await Disputes.DisputeAsync(provider, stands)).Succeeded);
        Assert.Equal(EconomyErrors.NotDisputable, (await Disputes.DisputeAsync(provider, stands)).Code);

        // Past the window, disputed failures stay out and stay held.
        _clock.Advance(ReputationRules.Default.DisputeWindow + TimeSpan.FromHours(1));
        Assert.Equal(0, await Disputes.CloseDueAsync());
        Assert.Equal(10, (await _kit.Agents.FindAsync(target))!.Jobs);
        Assert.Equal(2, (await Disputes.OpenDisputesAsync()).Total);

        Assert.True((await Disputes.ResolveAsync("admin@test.local", voided, failureStands: false)).Succeeded);
        Assert.Equal(10, (await _kit.Agents.FindAsync(target))!.Jobs);
        Assert.True((await Disputes.ResolveAsync("admin@test.local", stands, failureStands: true)).Succeeded);
        Assert.Equal(11, (await _kit.Agents.FindAsync(target))!.Jobs);
        Assert.Equal(EconomyErrors.NotDisputed, (await Disputes.ResolveAsync("admin@test.local", stands, failureStands: false)).Code);

        Assert.Equal(200_000_000, await _kit.BalanceAsync(AccountId.CashAvailable(client)));
        Assert.Equal(2, await _kit.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "job.dispute.resolved" && a.Actor == "admin@test.local")));
        Assert.Null(await _kit.InvariantsAsync());
    }

    [Fact]
    public async Task Failure_after_its_window_cannot_be_disputed()
    {
        var provider = await _kit.OperatorAsync();
        var target = await _kit.AgentAsync(provider);
        var client = await _kit.OperatorAsync(dollars: 10);
        var job = (await _kit.Jobs.RecordAsync(client, await _kit.AgentAsync(client), target, 10m, succeeded: false)).Value!.JobId;

        _clock.Advance(ReputationRules.Default.DisputeWindow);

        Assert.Equal(EconomyErrors.NotDisputable, (await Disputes.DisputeAsync(provider, job)).Code);
    }

    /// <summary>
    /// A failure between two agents of one operator counts for nothing (self-dealing), so it cannot be disputed: a
    /// dispute would wipe the self-dealing standing and send an admin a job that cannot matter. It is not offered as
    /// disputable either, and its amount comes back when the window closes.
    /// </summary>
    [Fact]
    public async Task Self_dealing_failure_cannot_be_disputed()
    {
        var owner = await _kit.OperatorAsync(dollars: 10);
        var client = await _kit.AgentAsync(owner);
        var provider = await _kit.AgentAsync(owner);
        var job = (await _kit.Jobs.RecordAsync(owner, client, provider, 5m, succeeded: false)).Value!.JobId;

        var refused = await Disputes.DisputeAsync(owner, job);

        Assert.Equal(EconomyErrors.NotDisputable, refused.Code);
        Assert.Contains("self-dealing", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await Disputes.DisputableAsync(owner)).Total);
        Assert.Equal(0, (await Disputes.OpenDisputesAsync()).Total);
        _clock.Advance(ReputationRules.Default.DisputeWindow + TimeSpan.FromHours(1));
        Assert.Equal(1, await Disputes.CloseDueAsync());
        Assert.Equal(10_000_000, await _kit.BalanceAsync(AccountId.CashAvailable(owner)));
        Assert.Null(await _kit.InvariantsAsync());
    }

    /// <summary>
    /// A refused dispute says the client's amount comes back only when it will: for a failure still waiting for its
    /// window. A success paid the provider and is never refunded, and a final failure was refunded already.
    /// </summary>
    [Fact]
    public async Task A_refused_dispute_promises_a_refund_only_for_a_failure_still_inside_its_window()
    {
        const string Refund = "comes back to you";
        var owner = await _kit.OperatorAsync(dollars: 100);
        var ownClient = await _kit.AgentAsync(owner);
        var ownProvider = await _kit.AgentAsync(owner);
        var selfSuccess = (await _kit.Jobs.RecordAsync(owner, ownClient, ownProvider, 10m, succeeded: true)).Value!.JobId;
        var other = await _kit.OperatorAsync();
        var otherProvider = await _kit.AgentAsync(other);
        var paid = (await _kit.Jobs.RecordAsync(owner, ownClient, otherProvider, 10m, succeeded: true)).Value!.JobId;
        var failed = (await _kit.Jobs.RecordAsync(owner, ownClient, otherProvider, 10m, succeeded: false)).Value!.JobId;

        var selfDealt = await Disputes.DisputeAsync(owner, selfSuccess);
        Assert.Equal(EconomyErrors.NotDisputable, selfDealt.Code);
        Assert.Contains("succeeded", selfDealt.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Refund, selfDealt.Message, StringComparison.Ordinal);
        var asClientOfSuccess = await Disputes.DisputeAsync(owner, paid);
        Assert.Equal(EconomyErrors.NotDisputable, asClientOfSuccess.Code);
        Assert.DoesNotContain(Refund, asClientOfSuccess.Message, StringComparison.Ordinal);
        var asClientOfFailure = await Disputes.DisputeAsync(owner, failed);
        Assert.Equal(EconomyErrors.NotDisputable, asClientOfFailure.Code);
        Assert.Contains(Refund, asClientOfFailure.Message, StringComparison.Ordinal);

        _clock.Advance(ReputationRules.Default.DisputeWindow + TimeSpan.FromHours(1));
        Assert.Equal(1, await Disputes.CloseDueAsync());
        var afterRefund = await Disputes.DisputeAsync(owner, failed);
        Assert.Equal(EconomyErrors.NotDisputable, afterRefund.Code);
        Assert.DoesNotContain(Refund, afterRefund.Message, StringComparison.Ordinal);
        Assert.Null(await _kit.InvariantsAsync());
    }
}
