using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// The facts an epoch is scored on, read from the tables: every agent with provider jobs in the epoch, its counted
/// work per client operator as tallied while the epoch ran, and its trust at <c>at</c> from the trust inputs kept on
/// the agent row. The same reader feeds the close and the live preview, so the preview is what the close pays.
/// </summary>
public static class EpochData
{
    /// <summary>
    /// Every agent with provider jobs in epoch <paramref name="number"/>, by id, with its counted jobs summed per client
    /// operator (the epoch's <see cref="Data.Entities.EpochWorkRecord"/> rows, kept by <see cref="EpochWorkTally"/> as
    /// jobs are recorded and become final) and its trust at <paramref name="at"/>.
    /// </summary>
    /// <remarks>
    /// One row per agent and client operator, not one per job: scoring an epoch of two million jobs used to sum them
    /// in the database on every preview (seconds a call). The agents are found by a subquery on the same rows, not by a
    /// list of their ids: a query's size must not grow with the number of agents that worked.
    /// </remarks>
    public static IReadOnlyList<EpochAgent> Load(AppDbContext db, long number, DateTime at)
    {
        var work = db.EpochWork.AsNoTracking().Where(w => w.EpochNumber == number);
        var byAgent = work.Where(w => w.Jobs > 0).ToList().ToLookup(w => w.ProviderAgentId);
        var agents = db.Agents.AsNoTracking().Where(a => work.Select(w => w.ProviderAgentId).Contains(a.Id)).ToList();
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
