using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

public class JobServiceTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private readonly EconomyKit _kit = new(factory.Services);

    [Fact]
    public async Task Successful_job_pays_the_provider_the_amount_less_the_basic_fee_and_the_treasury_the_fee()
    {
        var client = await _kit.OperatorAsync(dollars: 1_000);
        var provider = await _kit.OperatorAsync();
        var (clientAgent, providerAgent) = (await _kit.AgentAsync(client), await _kit.AgentAsync(provider));
        var treasury = await _kit.BalanceAsync(AccountId.Treasury);

        var result = await _kit.Jobs.RecordAsync(client, clientAgent, providerAgent, 100m, succeeded: true);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("Basic", result.Value!.Tier);
        Assert.Equal(2_500_000, result.Value.Fee.Micros);
        Assert.Equal(900_000_000, await _kit.BalanceAsync(AccountId.CashAvailable(client)));
        Assert.Equal(97_500_000, await _kit.BalanceAsync(AccountId.CashAvailable(provider)));
        Assert.Equal(treasury + 2_500_000, await _kit.BalanceAsync(AccountId.Treasury));
        var agent = await _kit.Agents.FindAsync(providerAgent);
        Assert.Equal((1, 1), (agent!.Jobs, agent.Succeeded));
        Assert.Equal(50, agent.Trust.SuccessPart);
        Assert.Null(await _kit.InvariantsAsync());
    }

    [Fact]
    public async Task Job_without_enough_cash_is_refused_and_nothing_moves()
    {
        var client = await _kit.OperatorAsync(dollars: 10);
        var provider = await _kit.OperatorAsync();
        var (clientAgent, providerAgent) = (await _kit.AgentAsync(client), await _kit.AgentAsync(provider));

        var result = await _kit.Jobs.RecordAsync(client, clientAgent, providerAgent, 10.01m, succeeded: true);

        Assert.Equal(EconomyErrors.InsufficientCash, result.Code);
        Assert.Contains("$10.00 available", result.Message);
        Assert.Equal(10_000_000, await _kit.BalanceAsync(AccountId.CashAvailable(client)));
        Assert.Equal(0, await _kit.BalanceAsync(AccountId.CashAvailable(provider)));
        Assert.Equal(0, await _kit.DbAsync(db => db.Jobs.CountAsync(j => j.ClientOperatorId == client)));
        Assert.Equal(0, (await _kit.Agents.FindAsync(providerAgent))!.Jobs);
    }

    [Fact]
    public async Task Self_dealing_job_settles_but_does_not_count_for_trust_or_volume()
    {
        var me = await _kit.OperatorAsync(dollars: 100);
        var (a, b) = (await _kit.AgentAsync(me), await _kit.AgentAsync(me));

        var result = await _kit.Jobs.RecordAsync(me, a, b, 40m, succeeded: true);

        Assert.True(result.Value!.SelfDealing);
        Assert.Equal(1_000_000, result.Value.Fee.Micros);
        Assert.Equal(99_000_000, await _kit.BalanceAsync(AccountId.CashAvailable(me)));
        Assert.Equal(0, (await _kit.Agents.FindAsync(b))!.Jobs);
        Assert.Equal(0m, (await _kit.Tiers.OverviewAsync(me)).MonthlyVolume.Dollars);
        var page = await _kit.Jobs.ListForAgentAsync(b);
        Assert.True(Assert.Single(page.Items).SelfDealing);
    }

    [Fact]
    public async Task Failed_job_holds_the_clients_amount_and_does_not_count_while_disputable()
    {
        var client = await _kit.OperatorAsync(dollars: 10);
        var provider = await _kit.OperatorAsync();
        var (clientAgent, providerAgent) = (await _kit.AgentAsync(client), await _kit.AgentAsync(provider));

        await _kit.Jobs.RecordAsync(client, clientAgent, providerAgent, 5m, succeeded: true);
        var failed = await _kit.Jobs.RecordAsync(client, clientAgent, providerAgent, 5m, succeeded: false);

        Assert.True(failed.Succeeded, failed.Message);
        Assert.Equal(0, failed.Value!.Fee.Micros);
        var agent = await _kit.Agents.FindAsync(providerAgent);
        Assert.Equal((1, 1.0), (agent!.Jobs, agent.SuccessRate));
        Assert.Equal(50, agent.Trust.SuccessPart);
        Assert.Equal(0, await _kit.BalanceAsync(AccountId.CashAvailable(client)));
        Assert.Equal(0, await _kit.BalanceAsync(AccountId.CashAvailable(provider)) - 4_875_000);
        Assert.Null(await _kit.InvariantsAsync());
    }

    [Fact]
    public async Task Burning_to_bronze_drops_the_providers_fee_on_the_next_job_from_2_5_to_2_percent()
    {
        var client = await _kit.OperatorAsync(dollars: 1_000);
        var provider = await _kit.OperatorAsync(xp: 10_000);
        var (clientAgent, providerAgent) = (await _kit.AgentAsync(client), await _kit.AgentAsync(provider));

        var before = await _kit.Jobs.RecordAsync(client, clientAgent, providerAgent, 100m, succeeded: true);
        var burn = await _kit.Burns.BurnAsync(provider, 10_000);
        var after = await _kit.Jobs.RecordAsync(client, clientAgent, providerAgent, 100m, succeeded: true);

        Assert.Equal(("Basic", "Bronze"), (burn.Value!.TierBefore, burn.Value.TierAfter));
        Assert.Equal((0.025m, 2.5m), (before.Value!.FeeRate, before.Value.Fee.Dollars));
        Assert.Equal((0.020m, 2.0m), (after.Value!.FeeRate, after.Value.Fee.Dollars));
        Assert.Equal(0, await _kit.BalanceAsync(AccountId.XpAvailable(provider)));
    }

    [Fact]
    public async Task Burn_without_an_agent_is_refused()
    {
        var me = await _kit.OperatorAsync(xp: 500);

        var result = await _kit.Burns.BurnAsync(me, 100);

        Assert.Equal(EconomyErrors.NoAgents, result.Code);
        Assert.Equal(500, await _kit.BalanceAsync(AccountId.XpAvailable(me)));
    }

    [Fact]
    public async Task Burning_more_than_the_available_xp_is_refused()
    {
        var me = await _kit.OperatorAsync(xp: 99);
        await _kit.AgentAsync(me);

        var result = await _kit.Burns.BurnAsync(me, 100);

        Assert.Equal(EconomyErrors.InsufficientXp, result.Code);
        Assert.Equal(99, await _kit.BalanceAsync(AccountId.XpAvailable(me)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(0.0000001)]
    public async Task Job_amount_must_be_positive_whole_micro_dollars(decimal amount)
    {
        var me = await _kit.OperatorAsync(dollars: 10);
        var other = await _kit.OperatorAsync();

        var result = await _kit.Jobs.RecordAsync(me, await _kit.AgentAsync(me), await _kit.AgentAsync(other), amount, true);

        Assert.Equal((EconomyErrors.InvalidAmount, "amount"), (result.Code, result.Field));
    }

    [Fact]
    public async Task Client_must_be_one_of_the_recording_operators_agents()
    {
        var me = await _kit.OperatorAsync(dollars: 10);
        var other = await _kit.OperatorAsync(dollars: 10);
        var (mine, theirs) = (await _kit.AgentAsync(me), await _kit.AgentAsync(other));

        var result = await _kit.Jobs.RecordAsync(me, theirs, mine, 1m, true);

        Assert.Equal(EconomyErrors.NotYourAgent, result.Code);
    }
}
