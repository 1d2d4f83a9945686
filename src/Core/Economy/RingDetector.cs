using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// Finds rings in an epoch's cash flows (SPEC §7): closed cycles of two to <see cref="MaxCycleLength"/> operators whose
/// payments among themselves mostly cancel out (net under <see cref="ReputationRules.RingNetShare"/> of gross) and make
/// up most of their counted business (at least <see cref="ReputationRules.RingInsideShare"/>). Flags, never verdicts:
/// an admin looks at the evidence and decides whether to exclude them.
/// </summary>
public static class RingDetector
{
    /// <summary>Longest cycle looked for.</summary>
    public const int MaxCycleLength = 5;

    /// <summary>Each operator's largest payees followed when looking for cycles; a ring member's are its fellow members.</summary>
    public const int PayeesFollowed = 4;

    /// <summary>The rings in <paramref name="flows"/>, one per member set, largest gross first.</summary>
    public static IReadOnlyList<Ring> Find(IEnumerable<OperatorFlow> flows, ReputationRules rules)
    {
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(rules);
        var edges = flows
            .Where(f => f.Amount.Micros > 0 && !string.Equals(f.FromOperatorId, f.ToOperatorId, StringComparison.Ordinal))
            .GroupBy(f => (f.FromOperatorId, f.ToOperatorId))
            .Select(g => new RingEdge(g.Key.FromOperatorId, g.Key.ToOperatorId, new Cash(g.Sum(f => f.Amount.Micros)), g.Count(),
                g.Min(f => f.At), g.Max(f => f.At)))
            .ToDictionary(e => (e.FromOperatorId, e.ToOperatorId));
        var volume = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in edges.Values)
        {
            volume[e.FromOperatorId] = volume.GetValueOrDefault(e.FromOperatorId) + e.Amount.Micros;
            volume[e.ToOperatorId] = volume.GetValueOrDefault(e.ToOperatorId) + e.Amount.Micros;
        }
        var payees = edges.Values.GroupBy(e => e.FromOperatorId, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.OrderByDescending(e => e.Amount.Micros).ThenBy(e => e.ToOperatorId, StringComparer.Ordinal).Take(PayeesFollowed)
                .Select(e => e.ToOperatorId).ToArray(),
            StringComparer.Ordinal);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rings = new List<Ring>();
        foreach (var start in payees.Keys.Order(StringComparer.Ordinal))
        {
            // Each cycle is found once, from its smallest member.
            var path = new List<string> { start };
            Walk(start, path);
        }
        return [.. rings.OrderByDescending(r => r.Gross.Micros).ThenBy(r => string.Join(",", r.Cycle), StringComparer.Ordinal)];

        void Walk(string start, List<string> path)
        {
            if (!payees.TryGetValue(path[^1], out var next))
                return;
            foreach (var to in next)
            {
                if (to == start && path.Count >= 2)
                    Consider(path);
                else if (path.Count < MaxCycleLength && string.CompareOrdinal(to, start) > 0 && !path.Contains(to))
                {
                    path.Add(to);
                    Walk(start, path);
                    path.RemoveAt(path.Count - 1);
                }
            }
        }

        void Consider(List<string> cycle)
        {
            var members = cycle.ToHashSet(StringComparer.Ordinal);
            if (!seen.Add(string.Join(",", members.Order(StringComparer.Ordinal))))
                return;
            var inside = edges.Values.Where(e => members.Contains(e.FromOperatorId) && members.Contains(e.ToOperatorId))
                .OrderBy(e => e.FromOperatorId, StringComparer.Ordinal).ThenBy(e => e.ToOperatorId, StringComparer.Ordinal).ToArray();
            var gross = inside.Sum(e => e.Amount.Micros);
            var net = members.Sum(m => Math.Max(0, inside.Where(e => e.ToOperatorId == m).Sum(e => e.Amount.Micros)
                - inside.Where(e => e.FromOperatorId == m).Sum(e => e.Amount.Micros)));
            // Every member's counted cash counts its inside payments twice (once as payer, once as payee), like the total.
            var total = members.Sum(m => volume.GetValueOrDefault(m));
            var outside = total - 2 * gross;
            if (gross == 0 || net >= rules.RingNetShare * gross || 2 * gross < rules.RingInsideShare * total)
                return;
            rings.Add(new Ring([.. cycle], inside, new Cash(gross), new Cash(net), new Cash(outside)));
        }
    }
}
