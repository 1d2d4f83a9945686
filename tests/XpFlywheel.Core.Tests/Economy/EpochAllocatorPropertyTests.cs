using CsCheck;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class EpochAllocatorPropertyTests
{
    // Few operators so that self-dealing, repeat clients, capped clients and ties all happen often; amounts from dust to
    // large so that jobs below the minimum job amount are common; failures in every dispute standing.
    private static readonly Gen<ProviderJob> GenJob =
        Gen.Select(Gen.Int[0, 4], Gen.OneOf(Gen.Long[1, 2_000_000], Gen.Long[1, 5_000_000_000L]), Gen.Bool, Gen.Enum<JobVerdict>(),
            (op, micros, ok, standing) => new ProviderJob($"op-{op}", new Cash(micros), ok, standing));

    private static readonly Gen<ReputationRules> GenRules =
        Gen.Select(Gen.Long[1, 3_000_000], Gen.Int[1, 100], (min, cap) => new ReputationRules(new Cash(min), cap / 100m, TimeSpan.FromHours(72)));

    private static readonly Gen<(ProviderJob[] Jobs, int Op, int Trust)> GenAgentData =
        Gen.Select(GenJob.Array[0, 8], Gen.Int[0, 4], Gen.Int[0, 1_000]);

    private static readonly Gen<EpochAgent[]> GenAgents =
        Gen.Select(GenAgentData.Array[0, 25], Gen.Long[0, 1_000], (data, offset) =>
            data.Select((d, i) => new EpochAgent(offset + (i * 37 % 101), $"op-{d.Op}", d.Jobs, d.Trust / 10m)).ToArray());

    private static readonly Gen<EpochWeights> GenWeights =
        Gen.Select(Gen.Int[0, 100], Gen.Int[0, 100], Gen.Int[0, 100], (a, b, c) =>
        {
            // Three cut points on [0, 100] make four non-negative weights that sum to exactly 1.
            int[] cuts = [.. new[] { a, b, c }.Order()];
            return new EpochWeights(cuts[0] / 100m, (cuts[1] - cuts[0]) / 100m, (cuts[2] - cuts[1]) / 100m, (100 - cuts[2]) / 100m);
        });

    private static readonly Gen<long> GenPool =
        Gen.OneOf(Gen.Long[0, 100], Gen.Long[0, 10_000_000], Gen.Long[0, 1_000_000_000_000_000L]);

    [Fact]
    public void Allocation_plus_carry_over_is_the_pool_exactly_and_never_negative()
    {
        Gen.Select(GenPool, GenAgents, GenWeights, Gen.Int[1, 4], GenRules).Sample((pool, agents, weights, minJobs, rules) =>
        {
            var parameters = EpochParameters.Default with { Weights = weights, MinJobs = minJobs };

            var result = EpochAllocator.Allocate(new Xp(pool), agents, parameters, rules);

            Assert.Equal(pool, result.Allocated.Units + result.CarryOver.Units);
            Assert.Equal(result.Allocated.Units, result.Agents.Sum(a => a.Allocation.Units));
            Assert.All(result.Agents, a => Assert.True(a.Allocation.Units >= 0));
            Assert.Equal(agents.Length, result.Agents.Count);
        }, iter: 300);
    }

    [Fact]
    public void Ineligible_agents_get_nothing_and_eligible_ones_take_the_whole_pool()
    {
        Gen.Select(GenPool, GenAgents).Sample((pool, agents) =>
        {
            var result = EpochAllocator.Allocate(new Xp(pool), agents, EpochParameters.Default);

            Assert.All(result.Agents.Where(a => !a.Eligible), a => Assert.Equal(Xp.Zero, a.Allocation));
            Assert.All(result.Agents, a => Assert.Equal(a.Jobs >= EpochParameters.Default.MinJobs, a.Eligible));
            var anyEligible = result.Agents.Any(a => a.Eligible);
            Assert.Equal(anyEligible ? Xp.Zero : new Xp(pool), result.CarryOver);
        }, iter: 300);
    }

    [Fact]
    public void Each_allocation_is_within_one_unit_of_its_exact_share()
    {
        Gen.Select(GenPool, GenAgents).Sample((pool, agents) =>
        {
            var result = EpochAllocator.Allocate(new Xp(pool), agents, EpochParameters.Default);

            foreach (var line in result.Agents.Where(a => a.Eligible))
            {
                var exact = pool * line.Share;
                Assert.InRange(line.Allocation.Units, Math.Floor(exact) - 1, Math.Ceiling(exact) + 1);
            }
        }, iter: 300);
    }

    /// <summary>
    /// What a database returns for an agent's jobs: the counted ones (the filter of <see cref="ProviderJob.VerdictFor"/>)
    /// summed per client operator, in no particular order.
    /// </summary>
    private static ClientVolume[] SummedAsTheDatabaseDoes(EpochAgent agent, ReputationRules rules) =>
        [.. agent.JobsAsProvider
            .Where(j => j.VerdictFor(agent.OperatorId, rules) == JobVerdict.Counted)
            .GroupBy(j => j.ClientOperatorId)
            .Select(g => new ClientVolume(g.Key, g.Count(), g.Count(j => j.Succeeded),
                new Cash(g.Sum(j => j.Amount.Micros)), new Cash(g.Where(j => j.Succeeded).Sum(j => j.Amount.Micros))))
            .Reverse()];

    [Fact]
    public void Scoring_work_summed_per_client_operator_pays_exactly_what_scoring_the_jobs_pays()
    {
        Gen.Select(GenPool, GenAgents, GenWeights, Gen.Int[1, 4], GenRules).Sample((pool, agents, weights, minJobs, rules) =>
        {
            var parameters = EpochParameters.Default with { Weights = weights, MinJobs = minJobs };
            var summed = agents.Select(a => a with { JobsAsProvider = [], CountedClients = SummedAsTheDatabaseDoes(a, rules) }).ToArray();

            var byJobs = EpochAllocator.Allocate(new Xp(pool), agents, parameters, rules);
            var bySums = EpochAllocator.Allocate(new Xp(pool), summed, parameters, rules);

            Assert.Equal(byJobs.Agents, bySums.Agents);
            Assert.Equal((byJobs.Allocated, byJobs.CarryOver), (bySums.Allocated, bySums.CarryOver));
        }, iter: 300);
    }
}
