using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

/// <summary>Rings (SPEC §7): closed cycles whose cash mostly goes round are flagged with evidence and can be excluded.</summary>
public class RingDetectorTests
{
    private static readonly ReputationRules Rules = ReputationRules.Default;
    private static readonly DateTime T0 = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    private static OperatorFlow Pay(string from, string to, decimal dollars, int minute = 0) =>
        new(from, to, Cash.FromDollars(dollars), T0.AddMinutes(minute));

    [Fact]
    public void Three_operator_ring_is_flagged_with_its_cycle_amounts_and_times()
    {
        OperatorFlow[] flows =
        [
            Pay("a", "b", 1_000m, 1), Pay("b", "c", 1_000m, 2), Pay("c", "a", 1_000m, 3),
            Pay("a", "b", 500m, 4), Pay("b", "c", 500m, 5), Pay("c", "a", 450m, 6),
            Pay("x", "y", 300m, 7), Pay("y", "z", 200m, 8),
        ];

        var ring = Assert.Single(RingDetector.Find(flows, Rules));

        Assert.Equal(["a", "b", "c"], ring.Cycle);
        Assert.Equal(Cash.FromDollars(4_450m), ring.Gross);
        Assert.Equal(Cash.FromDollars(50m), ring.Net);
        var ab = ring.Edges.Single(e => e.FromOperatorId == "a");
        Assert.Equal((Cash.FromDollars(1_500m), 2, T0.AddMinutes(1), T0.AddMinutes(4)), (ab.Amount, ab.Jobs, ab.First, ab.Last));
    }

    [Fact]
    public void Cycle_where_most_cash_stays_with_one_member_is_not_a_ring()
    {
        // c pays a only a tenth of what it received: most cash left the cycle's flow with c.
        OperatorFlow[] flows = [Pay("a", "b", 1_000m), Pay("b", "c", 1_000m), Pay("c", "a", 100m)];

        Assert.Empty(RingDetector.Find(flows, Rules));
    }

    [Fact]
    public void Balanced_cycle_that_is_a_small_part_of_its_members_business_is_not_a_ring()
    {
        OperatorFlow[] flows =
        [
            Pay("a", "b", 100m), Pay("b", "c", 100m), Pay("c", "a", 100m),
            Pay("a", "x", 5_000m), Pay("y", "b", 5_000m), Pay("c", "z", 5_000m),
        ];

        Assert.Empty(RingDetector.Find(flows, Rules));
    }

    [Fact]
    public void Excluded_ring_operators_get_nothing_and_the_pool_still_sums_exactly()
    {
        EpochAgent Agent(long id, string op, params string[] clients) =>
            new(id, op, [.. clients.Select(c => new ProviderJob(c, Cash.FromDollars(1_000m), true))], 50m);
        EpochAgent[] agents =
        [
            Agent(1, "a", "c", "c", "c"), Agent(2, "b", "a", "a", "a"), Agent(3, "c", "b", "b", "b"),
            Agent(4, "h", "x", "y", "z"),
        ];
        var excluded = new HashSet<string> { "a", "b", "c" };

        var result = EpochAllocator.Allocate(new Xp(10_001), agents, EpochParameters.Default, Rules, excluded);

        Assert.All(result.Agents.Where(a => excluded.Contains(a.OperatorId)), a => Assert.Equal((false, Xp.Zero), (a.Eligible, a.Allocation)));
        Assert.Equal(new Xp(10_001), result.Agents.Single(a => a.AgentId == 4).Allocation);
        Assert.Equal(new Xp(10_001), result.Allocated);
    }
}
