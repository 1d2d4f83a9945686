using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class EpochAllocatorTests
{
    private static readonly EpochParameters Parameters = EpochParameters.Default;

    private static ProviderJob Job(string client, decimal dollars = 100m, bool succeeded = true) =>
        new(client, Cash.FromDollars(dollars), succeeded);

    private static EpochAgent Agent(long id, string op, decimal trust, params ProviderJob[] jobs) => new(id, op, jobs, trust);

    private static Xp AllocationOf(EpochAllocation result, long agentId) =>
        result.Agents.Single(a => a.AgentId == agentId).Allocation;

    [Fact]
    public void Share_is_the_weighted_sum_of_volume_quality_diversity_and_trust_shares()
    {
        // A: $300 from 3 operators, 3/3 succeeded, trust 60. B: $200 from 1 operator, 2/3 succeeded, trust 40.
        // V .6/.4, Q .6/.4, D .75/.25, R .6/.4 → A = .24 + .18 + .15 + .06 = .63.
        var a = Agent(1, "op-a", 60m, Job("x"), Job("y"), Job("z"));
        var b = Agent(2, "op-b", 40m, Job("x"), Job("x"), Job("x", succeeded: false));

        var result = EpochAllocator.Allocate(new Xp(1_000), [a, b], Parameters);

        var lineA = result.Agents.Single(l => l.AgentId == 1);
        Assert.Equal((0.6m, 0.6m, 0.75m, 0.6m, 0.63m), (lineA.V, lineA.Q, lineA.D, lineA.R, lineA.Share));
        Assert.Equal(new Xp(630), lineA.Allocation);
        Assert.Equal(new Xp(370), AllocationOf(result, 2));
        Assert.Equal(Xp.Zero, result.CarryOver);
    }

    [Fact]
    public void Leftover_units_go_to_the_largest_remainders_with_ties_to_the_lower_agent_id()
    {
        // Three identical agents share 5 XP: 1 each, then the 2 leftover units go to ids 3 and 5.
        EpochAgent Twin(long id) => Agent(id, $"op-{id}", 50m, Job("x"), Job("y"), Job("z"));

        var result = EpochAllocator.Allocate(new Xp(5), [Twin(9), Twin(5), Twin(3)], Parameters);

        Assert.Equal(new Xp(2), AllocationOf(result, 3));
        Assert.Equal(new Xp(2), AllocationOf(result, 5));
        Assert.Equal(new Xp(1), AllocationOf(result, 9));
    }

    [Fact]
    public void Larger_remainder_beats_lower_agent_id()
    {
        // Shares 0.63 / 0.37 of 3 XP: 1.89 and 1.11 → floors 1 and 1; the leftover unit goes to .89 (agent 2).
        var big = Agent(2, "op-a", 60m, Job("x"), Job("y"), Job("z"));
        var small = Agent(1, "op-b", 40m, Job("x"), Job("x"), Job("x", succeeded: false));

        var result = EpochAllocator.Allocate(new Xp(3), [big, small], Parameters);

        Assert.Equal(new Xp(2), AllocationOf(result, 2));
        Assert.Equal(new Xp(1), AllocationOf(result, 1));
    }

    [Fact]
    public void Component_with_a_zero_total_gives_its_weight_to_the_others_pro_rata()
    {
        // Every job failed: no volume, no success. D (0.2) and R (0.1) become 2/3 and 1/3.
        // A: D 3/4, R 1/3 → 2/3·3/4 + 1/3·1/3 = 11/18. B: D 1/4, R 2/3 → 7/18.
        var a = Agent(1, "op-a", 10m, Job("x", succeeded: false), Job("y", succeeded: false), Job("z", succeeded: false));
        var b = Agent(2, "op-b", 20m, Job("x", succeeded: false), Job("x", succeeded: false), Job("x", succeeded: false));

        var result = EpochAllocator.Allocate(new Xp(18_000), [a, b], Parameters);

        Assert.Equal(new Xp(11_000), AllocationOf(result, 1));
        Assert.Equal(new Xp(7_000), AllocationOf(result, 2));
        Assert.All(result.Agents, l => Assert.Equal((0m, 0m), (l.V, l.Q)));
    }

    [Fact]
    public void No_eligible_agent_carries_the_whole_pool_over()
    {
        var result = EpochAllocator.Allocate(new Xp(1_000_000), [Agent(1, "op-a", 90m, Job("x"), Job("y"))], Parameters);

        Assert.Equal(new Xp(1_000_000), result.CarryOver);
        Assert.Equal(Xp.Zero, result.Allocated);
        Assert.False(result.Agents[0].Eligible);
        Assert.Equal(Xp.Zero, result.Agents[0].Allocation);
    }

    [Fact]
    public void Empty_epoch_carries_the_whole_pool_over()
    {
        var result = EpochAllocator.Allocate(new Xp(42), [], Parameters);

        Assert.Equal(new Xp(42), result.CarryOver);
        Assert.Empty(result.Agents);
    }

    [Theory]
    [InlineData(2, 0, false)]
    [InlineData(3, 0, true)]
    [InlineData(2, 1, false)]
    [InlineData(4, 5, true)]
    public void Eligibility_needs_MinJobs_jobs_not_counting_self_dealing(int realJobs, int selfDealing, bool eligible)
    {
        var jobs = Enumerable.Range(0, realJobs).Select(i => Job($"client-{i}"))
            .Concat(Enumerable.Range(0, selfDealing).Select(_ => Job("op-a")))
            .ToArray();

        var result = EpochAllocator.Allocate(new Xp(100), [Agent(1, "op-a", 50m, jobs)], Parameters);

        Assert.Equal(eligible, result.Agents[0].Eligible);
        Assert.Equal(realJobs, result.Agents[0].Jobs);
        Assert.Equal(eligible ? new Xp(100) : Xp.Zero, result.Agents[0].Allocation);
    }

    [Fact]
    public void Self_dealing_is_excluded_from_volume_quality_and_diversity()
    {
        var honest = Agent(1, "op-a", 50m, Job("x"), Job("y"), Job("z"));
        var padded = Agent(2, "op-b", 50m, Job("x"), Job("y"), Job("z"),
            Job("op-b", 1_000_000m), Job("op-b", succeeded: false));

        var result = EpochAllocator.Allocate(new Xp(1_000), [honest, padded], Parameters);

        Assert.Equal(new Xp(500), AllocationOf(result, 1));
        Assert.Equal(new Xp(500), AllocationOf(result, 2));
        Assert.Equal(Cash.FromDollars(300m), result.Agents[1].SuccessfulVolume);
        Assert.Equal(3, result.Agents[1].DistinctCounterparties);
    }

    [Fact]
    public void Repeated_agent_id_is_a_broken_invariant()
    {
        var agent = Agent(1, "op-a", 50m, Job("x"), Job("y"), Job("z"));

        Assert.Throws<ArgumentException>(() => EpochAllocator.Allocate(new Xp(10), [agent, agent], Parameters));
    }

    [Fact]
    public void Invalid_parameters_are_a_broken_invariant()
    {
        var parameters = Parameters with { Weights = new EpochWeights(0.5m, 0.5m, 0.5m, 0m) };

        Assert.Throws<ArgumentException>(() => EpochAllocator.Allocate(new Xp(10), [], parameters));
    }
}
