using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// The facts an epoch is scored on, read from the tables: every agent with provider jobs in [start, end), its
/// counted work summed per client operator by the database, and its trust at <c>at</c> from the trust inputs kept on
/// the agent row. The same reader feeds the close and the live preview, so the preview is what the close pays.
/// </summary>
public static class EpochData
{
    /// <summary>
    /// Every agent with provider jobs in [<paramref name="start"/>, <paramref name="end"/>), by id, with its counted
    /// jobs in that window summed per client operator under <paramref name="rules"/> (the filter of
    /// <see cref="ProviderJob.VerdictFor"/>, as <see cref="Economy.ProviderRecords"/> applies it for trust).
    /// </summary>
    /// <remarks>
    /// The database sums the window's jobs into one row per agent and client operator: an epoch of two million jobs
    /// used to come into memory job by job (over a gigabyte for one preview). The agents are found by a subquery on
    /// the same window, not by a list of their ids: a query's size must not grow with the number of agents that
    /// worked (a list of 100,000 ids is more SQL variables than SQLite takes).
    /// </remarks>
    public static IReadOnlyList<EpochAgent> Load(AppDbContext db, DateTime start, DateTime end, DateTime at, ReputationRules rules)
    {
        var window = db.Jobs.AsNoTracking().Where(j => j.At >= start && j.At < end);
        var counted = Economy.ProviderRecords.Counted(window, rules, at)
            .GroupBy(j => new { j.ProviderAgentId, j.ClientOperatorId })
            .Select(g => new
            {
                g.Key.ProviderAgentId,
                g.Key.ClientOperatorId,
                Jobs = g.Count(),
                Succeeded = g.Count(j => j.Succeeded),
                Amount = g.Sum(j => j.Amount),
                SucceededAmount = g.Sum(j => j.Succeeded ? j.Amount : 0),
            })
            .ToList();
        var agents = db.Agents.AsNoTracking().Where(a => window.Select(j => j.ProviderAgentId).Contains(a.Id)).ToList();
        var byAgent = counted.ToLookup(c => c.ProviderAgentId);
        return agents
            .OrderBy(a => a.Id)
            .Select(a => new EpochAgent(a.Id, OperatorKey(a.OperatorId), [], TrustAt(a, at))
            {
                CountedClients = [.. byAgent[a.Id].Select(c => new ClientVolume(OperatorKey(c.ClientOperatorId), c.Jobs, c.Succeeded, new Cash(c.Amount), new Cash(c.SucceededAmount)))],
            })
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
