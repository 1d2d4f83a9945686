using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// Splits an epoch's pool among the agents that worked in it (SPEC §7). A pure function of the epoch's data:
/// the same input always gives the same allocation, so a retried close cannot pay differently.
/// </summary>
public static class EpochAllocator
{
    private const int ComponentCount = 4;

    /// <summary>
    /// Scores each agent on volume, quality, diversity and reputation over its counted jobs only (<see cref="ProviderRecord"/>
    /// under <paramref name="rules"/>, default <see cref="ReputationRules.Default"/>: no self-dealing, nothing below the
    /// minimum job amount, no failure still disputable or disputed; quality is the capped amount-weighted success rate),
    /// makes agents with at least MinJobs counted jobs eligible, and gives each eligible agent floor(pool × share), then
    /// one more unit to each of the largest fractional remainders (ties to the lower agent id) until the pool is
    /// used exactly. A component no eligible agent scores on passes its weight to the others pro rata. With no
    /// eligible agent, or no weighted component anyone scores on, the whole pool carries over. Agents of
    /// <paramref name="excludedOperators"/> (an admin's exclusion of a flagged ring, SPEC §7) are never eligible.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid parameters, a negative pool or a repeated agent id: the caller
    /// should have refused these before closing.</exception>
    public static EpochAllocation Allocate(Xp pool, IEnumerable<EpochAgent> agents, EpochParameters parameters, ReputationRules? rules = null,
        IReadOnlySet<string>? excludedOperators = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        rules ??= ReputationRules.Default;
        var ruleErrors = rules.Validate();
        if (ruleErrors.Count > 0)
            throw new ArgumentException(string.Join(" ", ruleErrors), nameof(rules));
        var errors = parameters.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(parameters));
        ArgumentOutOfRangeException.ThrowIfNegative(pool.Units, nameof(pool));

        // Each agent's score is a pure function of its own record, so they are worked out in parallel, in order: the
        // result is the same on any number of cores.
        var scored = agents.OrderBy(a => a.AgentId).ToArray().AsParallel().AsOrdered()
            .Select(a => Score(a, parameters.MinJobs, rules, excludedOperators)).ToArray();
        for (var i = 1; i < scored.Length; i++)
        {
            if (scored[i].Agent.AgentId == scored[i - 1].Agent.AgentId)
                throw new ArgumentException($"Agent {scored[i].Agent.AgentId} appears more than once.", nameof(agents));
        }

        var eligible = scored.Where(s => s.Eligible).ToArray();
        var totals = new Rational[ComponentCount];
        for (var c = 0; c < ComponentCount; c++)
            totals[c] = eligible.Aggregate(Rational.Zero, (sum, s) => sum + s.Raw[c]);

        // Only components someone scored on keep their weight; dividing by the sum of those weights hands the
        // weight of an empty component to the others in proportion to their own.
        var weights = parameters.Weights.InOrder.Select(Rational.Exact).ToArray();
        var activeWeight = Rational.Zero;
        for (var c = 0; c < ComponentCount; c++)
        {
            if (!totals[c].IsZero)
                activeWeight += weights[c];
        }

        if (eligible.Length == 0 || activeWeight.IsZero)
            return Result(pool, scored, totals, new Dictionary<long, (Rational, long)>(), pool);

        var poolR = Rational.Whole(pool.Units);
        // weight ÷ active weight ÷ total, once per component: each share is then four products and a sum.
        var factors = new Rational[ComponentCount];
        for (var c = 0; c < ComponentCount; c++)
            factors[c] = totals[c].IsZero ? Rational.Zero : weights[c] / activeWeight / totals[c];
        var shares = eligible.AsParallel().AsOrdered().Select(s =>
        {
            var share = Rational.Zero;
            for (var c = 0; c < ComponentCount; c++)
            {
                if (!totals[c].IsZero)
                    share += factors[c] * s.Raw[c];
            }
            return (s.Agent.AgentId, Share: share, Amount: poolR * share);
        }).ToArray();
        var exact = new Dictionary<long, (Rational Share, Rational Amount)>(eligible.Length);
        foreach (var (id, share, amount) in shares)
            exact[id] = (share, amount);

        var floors = exact.ToDictionary(e => e.Key, e => (long)e.Value.Amount.Floor());
        var leftover = pool.Units - floors.Values.Sum();
        if (leftover < 0 || leftover >= Math.Max(1, eligible.Length))
            throw new InvalidOperationException($"Largest remainder left {leftover} units for {eligible.Length} agents.");

        // Eligible ids are already ascending, so a stable sort on the remainder keeps ties in agent id order.
        // Ordered by each remainder's 18-place truncation first (one big division each), exactly only where two
        // truncations are equal: truncations that differ already order the exact values the same way.
        var byRemainder = eligible
            .Select(s =>
            {
                var id = s.Agent.AgentId;
                var remainder = exact[id].Amount - Rational.Whole(floors[id]);
                return (Id: id, Remainder: new Remainder(remainder.ToDecimal(), remainder));
            })
            .OrderByDescending(x => x.Remainder)
            .Take((int)leftover);
        foreach (var (id, _) in byRemainder)
            floors[id]++;

        var allocations = exact.ToDictionary(e => e.Key, e => (e.Value.Share, floors[e.Key]));
        return Result(pool, scored, totals, allocations, Xp.Zero);
    }

    private static EpochAllocation Result(
        Xp pool,
        Scored[] scored,
        Rational[] totals,
        Dictionary<long, (Rational Share, long Units)> allocations,
        Xp carryOver)
    {
        var lines = scored.Select(s =>
        {
            var paid = allocations.TryGetValue(s.Agent.AgentId, out var a);
            decimal Component(int c) => s.Eligible && !totals[c].IsZero ? (s.Raw[c] / totals[c]).ToDecimal() : 0m;
            return new AgentAllocation(
                s.Agent.AgentId, s.Agent.OperatorId, s.Eligible, s.Jobs, new Cash(s.SuccessfulMicros), s.Distinct,
                Component(0), Component(1), Component(2), Component(3),
                paid ? a.Share.ToDecimal() : 0m, new Xp(paid ? a.Units : 0));
        }).ToArray();
        var allocated = new Xp(lines.Sum(l => l.Allocation.Units));
        return new EpochAllocation(pool, lines, allocated, carryOver);
    }

    private static Scored Score(EpochAgent agent, int minJobs, ReputationRules rules, IReadOnlySet<string>? excluded)
    {
        var (jobs, volume, distinct, rate) = agent.CountedClients is { } clients
            ? ProviderRecord.Scored(clients, rules)
            : Figures(ProviderRecord.Of(agent.OperatorId, agent.JobsAsProvider, rules));
        var trust = Rational.Exact(Math.Max(0m, agent.TrustAtClose));
        Rational[] raw = [Rational.Whole(volume), rate, Rational.Whole(distinct), trust];
        return new Scored(agent, jobs >= minJobs && excluded?.Contains(agent.OperatorId) != true, jobs, volume, distinct, raw);
    }

    private static (int, long, int, Rational) Figures(ProviderRecord record) =>
        (record.Jobs, record.SuccessfulVolume.Micros, record.DistinctClients, record.ExactRate);

    // A remainder in [0, 1) with its truncation to 18 places; ordered as the exact value is.
    private readonly record struct Remainder(decimal Truncated, Rational Exact) : IComparable<Remainder>
    {
        public int CompareTo(Remainder other)
        {
            var byTruncation = Truncated.CompareTo(other.Truncated);
            return byTruncation != 0 ? byTruncation : Exact.CompareTo(other.Exact);
        }
    }

    private sealed record Scored(EpochAgent Agent, bool Eligible, int Jobs, long SuccessfulMicros, int Distinct, Rational[] Raw);
}
