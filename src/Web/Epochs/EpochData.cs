using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// The facts an epoch is scored on, read from the tables: every agent with provider jobs in [start, end), its
/// jobs (self-dealing included; the allocator drops them), and its trust at <c>at</c> from the trust inputs kept
/// on the agent row. The same reader feeds the close and the live preview, so the preview is what the close pays.
/// </summary>
public static class EpochData
{
    public static IReadOnlyList<EpochAgent> Load(AppDbContext db, DateTime start, DateTime end, DateTime at)
    {
        var jobs = db.Jobs.AsNoTracking()
            .Where(j => j.At >= start && j.At < end)
            .Select(j => new { j.ProviderAgentId, j.ClientOperatorId, j.Amount, j.Succeeded })
            .ToList();
        var ids = jobs.Select(j => j.ProviderAgentId).Distinct().ToList();
        var agents = db.Agents.AsNoTracking().Where(a => ids.Contains(a.Id)).ToList();
        var byAgent = jobs.ToLookup(j => j.ProviderAgentId);
        return agents
            .OrderBy(a => a.Id)
            .Select(a => new EpochAgent(
                a.Id,
                OperatorKey(a.OperatorId),
                byAgent[a.Id].Select(j => new ProviderJob(OperatorKey(j.ClientOperatorId), new Cash(j.Amount), j.Succeeded)).ToList(),
                TrustAt(a, at)))
            .ToList();
    }

    /// <summary>Trust at <paramref name="at"/> rounded to 6 places: exact enough to rank, stable across machines.</summary>
    public static decimal TrustAt(Data.Entities.Agent agent, DateTime at)
    {
        var inputs = new TrustInputs(agent.SucceededAsProvider, agent.JobsAsProvider, new Xp(agent.LockedXp), at - agent.CreatedAt);
        return Math.Round((decimal)inputs.Score.Total, 6, MidpointRounding.AwayFromZero);
    }

    public static long BurnedBetween(AppDbContext db, DateTime start, DateTime end) =>
        db.Burns.AsNoTracking().Where(b => b.At >= start && b.At < end).Sum(b => (long?)b.Amount) ?? 0;

    public static string OperatorKey(long operatorId) => operatorId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
