using CsCheck;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

/// <summary>Size-aware trust and allocation (SPEC §3, §6, §7): dust counts nowhere, amounts weigh, one client is capped.</summary>
public class ReputationRulesTests
{
    private static readonly ReputationRules Rules = ReputationRules.Default;
    private static readonly DateTimeOffset Created = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ProviderJob Job(string client, decimal dollars, bool succeeded = true) => new(client, Cash.FromDollars(dollars), succeeded);

    [Fact]
    public void Dust_job_below_the_minimum_amount_does_not_move_trust()
    {
        var before = TrustInputs.From("new", [], [], Created, Created, Rules).Score;
        var after = TrustInputs.From("new", [Job("client", 0.001m)], [], Created, Created, Rules).Score;

        Assert.Equal(0, before.Total);
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(JobVerdict.BelowMinimum, Job("client", 0.001m).VerdictFor("new", Rules));
    }

    [Fact]
    public void Success_rate_is_weighted_by_amount()
    {
        // Without the client cap: $400 of successes against a $100 failure is 80%; against a $1 failure, 99.75%.
        var uncapped = Rules with { ClientCapShare = 1m };
        var record = ProviderRecord.Of("p", [Job("a", 100m), Job("b", 100m), Job("c", 100m), Job("d", 100m), Job("e", 100m, false)], uncapped);
        Assert.Equal(0.8m, record.SuccessRate);

        var small = ProviderRecord.Of("p", [Job("a", 100m), Job("b", 100m), Job("c", 100m), Job("d", 100m), Job("e", 1m, false)], uncapped);
        Assert.Equal(400m / 401m, small.SuccessRate, 9);
    }

    [Fact]
    public void Client_cap_limits_one_client_operator_to_a_fifth_of_the_success_rate_weight()
    {
        // Ten honest clients at $100 each, then a saboteur fails $40,000,000,000 of jobs: its weight is capped at 20%.
        var honest = Enumerable.Range(0, 10).Select(i => Job($"c{i}", 100m)).ToList();
        var sabotage = Enumerable.Range(0, 40).Select(_ => Job("saboteur", 1_000_000_000m, false));

        var record = ProviderRecord.Of("p", [.. honest, .. sabotage], Rules);

        Assert.Equal(0.8m, record.SuccessRate);
        var saboteur = record.Clients.Single(c => c.Volume.ClientOperatorId == "saboteur");
        Assert.True(saboteur.Capped);
        Assert.Equal(0.2m, saboteur.Share);
    }

    [Fact]
    public void A_client_is_shown_capped_only_when_the_cap_cut_its_share_below_its_share_of_the_amount()
    {
        // $1, $1, $1, $1, $3, $100: the level (about $1.33) cuts both the $3 and the $100 client's weight, but the $3
        // client's share rises from 2.8% of the amount to 20%: only the $100 client was capped.
        var record = ProviderRecord.Of("p", [Job("a", 1m), Job("b", 1m), Job("c", 1m), Job("d", 1m), Job("small", 3m), Job("large", 100m)], Rules);
        var small = record.Clients.Single(c => c.Volume.ClientOperatorId == "small");
        var large = record.Clients.Single(c => c.Volume.ClientOperatorId == "large");
        Assert.Equal(0.2m, small.Share, 9);
        Assert.False(small.Capped);
        Assert.Equal(0.2m, large.Share, 9);
        Assert.True(large.Capped);
        Assert.All(record.Clients.Where(c => c.Volume.Amount.Micros == 1_000_000), c => Assert.False(c.Capped));

        // Two clients weigh equally: the $1,000 one was cut to half, the $1 one was raised to half, not capped.
        var two = ProviderRecord.Of("p", [Job("big", 1_000m), Job("tiny", 1m, false)], Rules);
        Assert.True(two.Clients.Single(c => c.Volume.ClientOperatorId == "big").Capped);
        Assert.False(two.Clients.Single(c => c.Volume.ClientOperatorId == "tiny").Capped);
        Assert.Equal(5, Rules.ClientsForCap);
        Assert.Equal(4, (Rules with { ClientCapShare = 0.3m }).ClientsForCap);
        Assert.Equal(1, (Rules with { ClientCapShare = 1m }).ClientsForCap);
    }

    [Fact]
    public void Client_cap_with_fewer_clients_than_its_inverse_weighs_the_clients_equally()
    {
        var record = ProviderRecord.Of("p", [Job("a", 1_000m), Job("b", 10m, false)], Rules);

        Assert.Equal(0.5m, record.SuccessRate);
        Assert.All(record.Clients, c => Assert.Equal(0.5m, c.Share));
    }

    [Fact]
    public void Client_cap_never_lets_a_client_exceed_the_cap_when_there_are_enough_clients()
    {
        var gen = Gen.Select(Gen.Long[1_000_000, 10_000_000_000L].Array[5, 30], Gen.Int[5, 100]);
        gen.Sample((volumes, capPercent) =>
        {
            var rules = Rules with { ClientCapShare = capPercent / 100m };
            var jobs = volumes.Select((v, i) => new ProviderJob($"c{i}", new Cash(v), i % 2 == 0)).ToArray();
            var record = ProviderRecord.Of("p", jobs, rules);

            if (volumes.Length * rules.ClientCapShare > 1m)
                Assert.All(record.Clients, c => Assert.True(c.Share <= rules.ClientCapShare + 0.000000000000000001m, $"{c.Share} > {rules.ClientCapShare}"));
            Assert.Equal(1m, record.Clients.Sum(c => c.Share), 15);
            Assert.InRange(record.SuccessRate, 0m, 1m);
        }, iter: 300);
    }

    [Fact]
    public void Diversity_counts_only_counterparties_with_at_least_the_minimum_volume()
    {
        var record = ProviderRecord.Of("p", [Job("a", 5m), Job("b", 0.5m), Job("c", 0.000001m), Job("p", 50m)], Rules);

        Assert.Equal(1, record.DistinctClients);
        Assert.Equal(1, record.Jobs);
    }

    [Fact]
    public void Dust_farmer_gets_nothing_and_the_honest_agent_its_volume_weighted_share()
    {
        // The farmer provides three $0.000001 jobs to three operators; the honest agent three $100 jobs.
        var dust = new EpochAgent(1, "farmer", [Job("x", 0.000001m), Job("y", 0.000001m), Job("z", 0.000001m)], 50m);
        var honest = new EpochAgent(2, "honest", [Job("x", 100m), Job("y", 100m), Job("z", 100m)], 50m);
        var bigger = new EpochAgent(3, "bigger", [Job("x", 300m), Job("y", 300m), Job("z", 300m)], 50m);

        var result = EpochAllocator.Allocate(new Xp(20_000), [dust, honest, bigger], EpochParameters.Default, Rules);

        var farmer = result.Agents.Single(a => a.AgentId == 1);
        Assert.False(farmer.Eligible);
        Assert.Equal(Xp.Zero, farmer.Allocation);
        // V: 300 / 1,200 = 1/4; Q, D and R are equal halves: 0.4/4 + 0.3/2 + 0.2/2 + 0.1/2 = 0.4 of 20,000.
        var line = result.Agents.Single(a => a.AgentId == 2);
        Assert.Equal(0.25m, line.V);
        Assert.Equal(new Xp(8_000), line.Allocation);
        Assert.Equal(new Xp(12_000), result.Agents.Single(a => a.AgentId == 3).Allocation);
    }

    [Fact]
    public void Failures_awaiting_their_window_or_disputed_count_nowhere()
    {
        var jobs = new[]
        {
            Job("a", 10m), Job("b", 10m), Job("c", 10m), Job("d", 10m), Job("e", 10m),
            new ProviderJob("f", Cash.FromDollars(10m), false, JobVerdict.AwaitingWindow),
            new ProviderJob("g", Cash.FromDollars(10m), false, JobVerdict.Disputed),
            new ProviderJob("h", Cash.FromDollars(10m), false, JobVerdict.Voided),
        };

        var record = ProviderRecord.Of("p", jobs, Rules);

        Assert.Equal((5, 1m), (record.Jobs, record.SuccessRate));
    }

    [Fact]
    public void Rules_refuse_a_zero_minimum_a_cap_outside_zero_to_one_and_a_negative_window()
    {
        Assert.NotEmpty((Rules with { MinJobAmount = Cash.Zero }).Validate());
        Assert.NotEmpty((Rules with { ClientCapShare = 0m }).Validate());
        Assert.NotEmpty((Rules with { ClientCapShare = 1.01m }).Validate());
        Assert.NotEmpty((Rules with { DisputeWindow = TimeSpan.FromHours(-1) }).Validate());
        Assert.Empty(Rules.Validate());
    }

    [Fact]
    public void A_dispute_window_under_an_hour_is_refused_since_the_provider_must_have_time_to_dispute()
    {
        Assert.NotEmpty((Rules with { DisputeWindow = TimeSpan.Zero }).Validate());
        Assert.NotEmpty((Rules with { DisputeWindow = TimeSpan.FromMinutes(59) }).Validate());
        Assert.Empty((Rules with { DisputeWindow = TimeSpan.FromHours(1) }).Validate());
    }
}
