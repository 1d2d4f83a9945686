using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

/// <summary>Size-aware trust on the running app (SPEC §3, §6): dust counts nowhere and the rules are an audited parameter.</summary>
public sealed class ReputationRulesServiceTests : IDisposable
{
    private readonly AppFactory _factory = new();
    private readonly EconomyKit _kit;

    public ReputationRulesServiceTests() => _kit = new EconomyKit(_factory.Services);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Dust_job_of_a_tenth_of_a_cent_does_not_move_a_new_agents_trust()
    {
        var client = await _kit.OperatorAsync(dollars: 1);
        var provider = await _kit.OperatorAsync();
        var (clientAgent, providerAgent) = (await _kit.AgentAsync(client), await _kit.AgentAsync(provider));
        var before = (await _kit.Agents.FindAsync(providerAgent))!.Trust.Total;

        var result = await _kit.Jobs.RecordAsync(client, clientAgent, providerAgent, 0.001m, succeeded: true);

        Assert.True(result.Succeeded, result.Message);
        var after = (await _kit.Agents.FindAsync(providerAgent))!;
        Assert.Equal(before, after.Trust.Total, 3);
        Assert.Equal(0, after.Jobs);
        var explained = (await _kit.Trust.ExplainAsync(providerAgent))!;
        Assert.Equal(JobVerdict.BelowMinimum, Assert.Single(explained.Jobs).Verdict);
    }

    /// <summary>The trust page names each client operator by its public name, as every other page does, not by its id.</summary>
    [Fact]
    public async Task The_trust_explanation_names_each_client_operator_by_its_public_name()
    {
        var client = await _kit.OperatorAsync(dollars: 100);
        var provider = await _kit.OperatorAsync();
        var (clientAgent, providerAgent) = (await _kit.AgentAsync(client), await _kit.AgentAsync(provider));
        Assert.True((await _kit.Jobs.RecordAsync(client, clientAgent, providerAgent, 5m, succeeded: true)).Succeeded);

        var explained = (await _kit.Trust.ExplainAsync(providerAgent))!;

        var key = Assert.Single(explained.Clients).Volume.ClientOperatorId;
        var expected = await _kit.DbAsync(db => db.Wallets.Where(w => w.Id == client)
            .Select(w => XpFlywheel.Web.Account.OperatorNames.Of(w.User!.DisplayName, w.User.Email, w.Id)).SingleAsync());
        Assert.Equal(expected, explained.ClientName(key));
        Assert.NotEqual($"operator {client}", explained.ClientName(key));
    }

    /// <summary>
    /// The week's history adds up: for an agent whose jobs all came this week, each job's change is the success part it
    /// added, so together they make the success part now. Each change is weighed from the running per-client sums.
    /// </summary>
    [Fact]
    public async Task The_weeks_trust_changes_add_up_to_the_success_part_they_built()
    {
        var first = await _kit.OperatorAsync(dollars: 100);
        var second = await _kit.OperatorAsync(dollars: 100);
        var provider = await _kit.OperatorAsync();
        var (firstAgent, secondAgent, providerAgent) = (await _kit.AgentAsync(first), await _kit.AgentAsync(second), await _kit.AgentAsync(provider));
        Assert.True((await _kit.Jobs.RecordAsync(first, firstAgent, providerAgent, 5m, succeeded: true)).Succeeded);
        Assert.True((await _kit.Jobs.RecordAsync(second, secondAgent, providerAgent, 12m, succeeded: true)).Succeeded);
        Assert.True((await _kit.Jobs.RecordAsync(first, firstAgent, providerAgent, 3m, succeeded: true)).Succeeded);

        var explained = (await _kit.Trust.ExplainAsync(providerAgent))!;

        Assert.Equal(3, explained.Changes.Count);
        Assert.True(explained.Changes[0].Delta > 0);
        Assert.Equal(explained.Score.SuccessPart, explained.Changes.Sum(c => c.Delta), 6);
    }

    [Fact]
    public async Task Failed_job_below_the_minimum_amount_is_refused_and_nothing_changes()
    {
        var client = await _kit.OperatorAsync(dollars: 10);
        var provider = await _kit.OperatorAsync();
        var (clientAgent, providerAgent) = (await _kit.AgentAsync(client), await _kit.AgentAsync(provider));

        var result = await _kit.Jobs.RecordAsync(client, clientAgent, providerAgent, 0.99m, succeeded: false);

        Assert.Equal(EconomyErrors.BelowMinimum, result.Code);
        Assert.Equal(0, await _kit.DbAsync(db => db.Jobs.CountAsync(j => j.ProviderAgentId == providerAgent)));
    }

    [Fact]
    public async Task Reputation_rules_change_is_audited_and_recounts_every_agent_at_once()
    {
        var client = await _kit.OperatorAsync(dollars: 100);
        var provider = await _kit.OperatorAsync();
        var (clientAgent, providerAgent) = (await _kit.AgentAsync(client), await _kit.AgentAsync(provider));
        await _kit.Jobs.RecordAsync(client, clientAgent, providerAgent, 5m, succeeded: true);
        Assert.Equal(50, (await _kit.Agents.FindAsync(providerAgent))!.Trust.SuccessPart);

        var rules = ReputationRules.Default with { MinJobAmount = Cash.FromDollars(10m) };
        var changed = await _kit.Host.SubmitAsync<Validated<ParameterSet>>(new SetReputationRules(rules) { By = Actor.Admin("admin@test.local") });

        Assert.True(changed.IsValid);
        var agent = (await _kit.Agents.FindAsync(providerAgent))!;
        Assert.Equal((0, 0d), (agent.Jobs, agent.Trust.SuccessPart));
        Assert.True(await _kit.DbAsync(db => db.AuditLog.AnyAsync(a => a.Target == ParameterRows.ReputationKey && a.Actor == "admin@test.local")));
    }

    [Fact]
    public async Task Invalid_reputation_rules_are_refused_and_nothing_changes()
    {
        var rules = ReputationRules.Default with { ClientCapShare = 0m };

        var changed = await _kit.Host.SubmitAsync<Validated<ParameterSet>>(new SetReputationRules(rules) { By = Actor.Admin("admin@test.local") });

        Assert.False(changed.IsValid);
        Assert.Contains(changed.Errors, e => e.Contains("client cap"));
        Assert.False(await _kit.DbAsync(db => db.AuditLog.AnyAsync(a => a.Target == ParameterRows.ReputationKey)));
    }
}
