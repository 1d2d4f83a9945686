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
    /// <summary>Every agent with provider jobs in [<paramref name="start"/>, <paramref name="end"/>), by id, with those jobs.</summary>
    /// <remarks>
    /// The agents are found by a subquery on the same window, not by a list of their ids: a query's size must not
    /// grow with the number of agents that worked (a list of 100,000 ids is more SQL variables than SQLite takes).
    /// </remarks>
    public static IReadOnlyList<EpochAgent> Load(AppDbContext db, DateTime start, DateTime end, DateTime at)
    {
        var window = db.Jobs.AsNoTracking().Where(j => j.At >= start && j.At < end);
        var jobs = window
            .Select(j => new { j.ProviderAgentId, j.ClientOperatorId, j.Amount, j.Succeeded, j.Standing })
            .ToList();
        var agents = db.Agents.AsNoTracking().Where(a => window.Select(j => j.ProviderAgentId).Contains(a.Id)).ToList();
        var byAgent = jobs.ToLookup(j => j.ProviderAgentId);
        return agents
            .OrderBy(a => a.Id)
            .Select(a => new EpochAgent(
                a.Id,
                OperatorKey(a.OperatorId),
                byAgent[a.Id].Select(j => new ProviderJob(OperatorKey(j.ClientOperatorId), new Cash(j.Amount), j.Succeeded, j.Standing)).ToList(),
                TrustAt(a, at)))
            .ToList();
    }

    /// <summary>Trust at <paramref name="at"/> rounded to 6 places: exact enough to rank, stable across machines.</summary>
    public static decimal TrustAt(Data.Entities.Agent agent, DateTime at)
    {
        var score = Economy.AgentTrust.Score(agent, at);
        return Math.Round((decimal)score.Total, 6, MidpointRounding.AwayFromZero);
    }

    public static long BurnedBetween(AppDbContext db, DateTime start, DateTime end) =>
        db.Burns.AsNoTracking().Where(b => b.At >= start && b.At < end).Sum(b => (long?)b.Amount) ?? 0;

    public static string OperatorKey(long operatorId) => operatorId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
