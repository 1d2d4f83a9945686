using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// A provider's counted work (SPEC §6, §7): only jobs whose verdict is <see cref="JobVerdict.Counted"/>, grouped by
/// client operator. Its success rate is weighted by amount, and each client operator's weight is capped at
/// <see cref="ReputationRules.ClientCapShare"/> of the total, so neither a saboteur's failures nor a friend's
/// successes can move it by more than the cap. Trust and epoch allocation both read it from here.
/// </summary>
/// <param name="Clients">Each counting client operator and its weight, by operator id.</param>
/// <param name="Jobs">Counted jobs.</param>
/// <param name="Succeeded">Counted jobs that succeeded.</param>
/// <param name="Volume">Cash of the counted jobs.</param>
/// <param name="SuccessfulVolume">Cash of the counted successful jobs.</param>
/// <param name="SuccessRate">The capped, amount-weighted success rate in [0, 1], truncated to 9 decimal places; 0 with
/// no counted jobs.</param>
public sealed record ProviderRecord(
    IReadOnlyList<ClientWeight> Clients,
    int Jobs,
    int Succeeded,
    Cash Volume,
    Cash SuccessfulVolume,
    decimal SuccessRate)
{
    private const long PartsPerUnit = 1_000_000_000;

    /// <summary>No counted jobs.</summary>
    public static ProviderRecord Empty { get; } = new([], 0, 0, Cash.Zero, Cash.Zero, 0m);

    /// <summary>Distinct client operators with counted jobs: each has at least the minimum job amount (SPEC §7 D).</summary>
    public int DistinctClients => Clients.Count;

    /// <summary><see cref="SuccessRate"/> in billionths, as the agent row stores it.</summary>
    public long SuccessRatePpb => (long)(SuccessRate * PartsPerUnit);

    /// <summary>The exact success rate, for epoch shares.</summary>
    internal Rational ExactRate { get; init; } = Rational.Zero;

    /// <summary>A stored success rate in billionths as a rate.</summary>
    public static decimal RateFromPpb(long ppb) => (decimal)Math.Clamp(ppb, 0, PartsPerUnit) / PartsPerUnit;

    /// <summary>Counts <paramref name="jobs"/> of a provider owned by <paramref name="providerOperatorId"/>.</summary>
    public static ProviderRecord Of(string providerOperatorId, IEnumerable<ProviderJob> jobs, ReputationRules rules)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(rules);
        var clients = jobs
            .Where(j => j.VerdictFor(providerOperatorId, rules) == JobVerdict.Counted)
            .GroupBy(j => j.ClientOperatorId, StringComparer.Ordinal)
            .Select(g => new ClientVolume(g.Key, g.Count(), g.Count(j => j.Succeeded),
                new Cash(g.Sum(j => j.Amount.Micros)), new Cash(g.Where(j => j.Succeeded).Sum(j => j.Amount.Micros))));
        return FromClients(clients, rules);
    }

    /// <summary>
    /// The record of already-counted work per client operator (one entry per operator). The cap is a water level L:
    /// each client weighs min(its volume, L), with L the largest level at which no client holds more than the cap of
    /// the total. With fewer clients than 1 ÷ cap no level satisfies it, and the clients weigh equally.
    /// </summary>
    public static ProviderRecord FromClients(IEnumerable<ClientVolume> clients, ReputationRules rules)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(rules);
        var (sorted, weights, total, rate) = Weigh(clients, rules);
        if (sorted.Length == 0)
            return Empty;

        var truncated = (decimal)(long)(rate * Rational.Whole(PartsPerUnit)).Floor() / PartsPerUnit;
        // Capped means the cap cut the client's share below its share of the amount. Comparing its weight with its
        // volume would not tell: the level lowers every capped client's weight, and a small client among them (or
        // every client, where they weigh equally) can end with a larger share than its amount gave it.
        var amount = Rational.Whole(sorted.Sum(c => c.Amount.Micros));
        var lines = sorted
            .Select((c, i) => new ClientWeight(c, (weights[i] / total).ToDecimal(), weights[i] / total < Rational.Whole(c.Amount.Micros) / amount))
            .OrderBy(w => w.Volume.ClientOperatorId, StringComparer.Ordinal)
            .ToArray();
        return new ProviderRecord(lines, sorted.Sum(c => c.Jobs), sorted.Sum(c => c.Succeeded),
            new Cash(sorted.Sum(c => c.Amount.Micros)), new Cash(sorted.Sum(c => c.SucceededAmount.Micros)), truncated)
        { ExactRate = rate };
    }

    /// <summary>
    /// What an epoch scores of this record (SPEC §7): counted jobs, successful volume in cash micros, distinct client
    /// operators and the exact capped success rate, without the per-client lines <see cref="FromClients"/> builds for
    /// display; the same figures, for 100,000 agents a close.
    /// </summary>
    internal static (int Jobs, long SuccessfulMicros, int DistinctClients, Rational Rate) Scored(IEnumerable<ClientVolume> clients, ReputationRules rules)
    {
        var (sorted, _, _, rate) = Weigh(clients, rules);
        var jobs = 0;
        var successful = 0L;
        foreach (var c in sorted)
        {
            jobs += c.Jobs;
            successful += c.SucceededAmount.Micros;
        }
        return (jobs, successful, sorted.Length, rate);
    }

    // The clients with volume (ascending by volume, then id), their capped weights, the weights' total and the exact
    // capped, amount-weighted success rate.
    private static (ClientVolume[] Sorted, Rational[] Weights, Rational Total, Rational Rate) Weigh(IEnumerable<ClientVolume> clients, ReputationRules rules)
    {
        var sorted = clients.Where(c => c.Amount.Micros > 0)
            .OrderBy(c => c.Amount.Micros).ThenBy(c => c.ClientOperatorId, StringComparer.Ordinal).ToArray();
        if (sorted.Length == 0)
            return ([], [], Rational.Zero, Rational.Zero);
        var weights = CappedWeights(sorted, Rational.Exact(rules.ClientCapShare));
        var total = weights.Aggregate(Rational.Zero, (sum, w) => sum + w);
        var rate = Rational.Zero;
        for (var i = 0; i < sorted.Length; i++)
            rate += weights[i] / total * Rational.Of(sorted[i].SucceededAmount.Micros, sorted[i].Amount.Micros);
        return (sorted, weights, total, rate);
    }

    // Volumes ascending. With the m largest capped at L and the rest whole: L = cap × (Σ uncapped + m·L), so
    // L = cap × Σ uncapped ÷ (1 − cap·m); that m is right when L sits between the largest uncapped and the smallest
    // capped volume.
    private static Rational[] CappedWeights(ClientVolume[] sorted, Rational cap)
    {
        var k = sorted.Length;
        var volumes = sorted.Select(c => Rational.Whole(c.Amount.Micros)).ToArray();
        var total = volumes.Aggregate(Rational.Zero, (sum, v) => sum + v);
        if (volumes[^1] <= cap * total)
            return volumes;
        var uncapped = total;
        for (var m = 1; m < k; m++)
        {
            uncapped -= volumes[k - m];
            var rest = Rational.One - cap * Rational.Whole(m);
            if (rest <= Rational.Zero)
                break;
            var level = cap * uncapped / rest;
            if (level <= volumes[k - m] && level >= volumes[k - m - 1])
                return [.. volumes.Select(v => v < level ? v : level)];
        }
        return [.. volumes.Select(_ => Rational.One)];
    }
}
