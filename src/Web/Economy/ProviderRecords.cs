using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Keeps each agent row's counted work (jobs, successes, success rate) equal to <see cref="ProviderRecord"/> over its
/// jobs as provider. The database sums counted jobs per client operator, with the same filter as
/// <see cref="ProviderJob.VerdictFor"/>; the core does the capping and weighting.
/// </summary>
public static class ProviderRecords
{
    /// <summary>The counted jobs of every provider: not self-dealing, at least the minimum amount, outcome final at <paramref name="now"/>.</summary>
    public static IQueryable<JobRecord> Counted(IQueryable<JobRecord> jobs, ReputationRules rules, DateTime now)
    {
        var min = rules.MinJobAmount.Micros;
        return jobs.Where(j => !j.SelfDealing && j.Amount >= min && j.Standing == JobVerdict.Counted);
    }

    /// <summary>A job row as the core judges it at <paramref name="now"/>.</summary>
    public static ProviderJob AsProviderJob(JobRecord job, ReputationRules rules, DateTime now) =>
        new(AgentTrust.OperatorKey(job.ClientOperatorId), new Cash(job.Amount), job.Succeeded, job.Standing);

    /// <summary>The counted work of each provider in <paramref name="providerIds"/> at <paramref name="now"/> (absent: none).</summary>
    public static Dictionary<long, ProviderRecord> Load(AppDbContext db, IReadOnlyCollection<long> providerIds, ReputationRules rules, DateTime now)
    {
        var (low, high) = providerIds.Count == 0 ? (0L, -1L) : (providerIds.Min(), providerIds.Max());
        var rows = CountedPerClient.For(db)(db, low, high, rules.MinJobAmount.Micros).ToList();
        var wanted = providerIds.ToHashSet();
        return rows.Where(r => wanted.Contains(r.ProviderAgentId))
            .GroupBy(r => r.ProviderAgentId)
            .ToDictionary(g => g.Key, g => ProviderRecord.FromClients(
                g.Select(r => new ClientVolume(AgentTrust.OperatorKey(r.ClientOperatorId), r.Jobs, r.Succeeded, new Cash(r.Amount), new Cash(r.SucceededAmount))),
                rules));
    }

    /// <summary>One provider agent's counted jobs for one client operator: count, successes, cash micros of each.</summary>
    internal sealed record ClientWork(long ProviderAgentId, long ClientOperatorId, int Jobs, int Succeeded, long Amount, long SucceededAmount);

    /// <summary>
    /// Counted jobs of providers [low, high] summed per provider agent and client operator, for a minimum job amount in
    /// cash micros: <see cref="Counted"/>'s filter written out, since a compiled query cannot call it
    /// (ProviderRecordsTests holds the two equal). <see cref="Load"/> runs it compiled: the writer asks on every
    /// recorded job, and a LINQ query this size re-parameterizes its tree on each call (a fifth of a job's time).
    /// </summary>
    internal static readonly Expression<Func<AppDbContext, long, long, long, IQueryable<ClientWork>>> CountedPerClientQuery =
        (db, low, high, min) => db.Jobs.AsNoTracking()
            .Where(j => !j.SelfDealing && j.Amount >= min && j.Standing == JobVerdict.Counted)
            .Where(j => j.ProviderAgentId >= low && j.ProviderAgentId <= high)
            .GroupBy(j => new { j.ProviderAgentId, j.ClientOperatorId })
            .Select(g => new ClientWork(g.Key.ProviderAgentId, g.Key.ClientOperatorId, g.Count(), g.Count(j => j.Succeeded), g.Sum(j => j.Amount), g.Sum(j => j.Succeeded ? j.Amount : 0)));

    private static readonly PerModel<Func<AppDbContext, long, long, long, IEnumerable<ClientWork>>> CountedPerClient = new(() => EF.CompileQuery(CountedPerClientQuery));

    /// <summary>Writes <paramref name="record"/> onto the agent row; returns whether anything changed.</summary>
    public static bool Apply(Agent agent, ProviderRecord record)
    {
        var changed = agent.JobsAsProvider != record.Jobs || agent.SucceededAsProvider != record.Succeeded || agent.SuccessRatePpb != record.SuccessRatePpb;
        agent.JobsAsProvider = record.Jobs;
        agent.SucceededAsProvider = record.Succeeded;
        agent.SuccessRatePpb = record.SuccessRatePpb;
        return changed;
    }

    /// <summary>Recounts <paramref name="agents"/> (tracked rows) at the session's time and refreshes their trust; returns those that changed.</summary>
    public static List<Agent> Recount(ExchangeSession session, IReadOnlyCollection<Agent> agents)
    {
        var records = Load(session.Db, [.. agents.Select(a => a.Id)], session.Parameters.Rules, session.Now);
        var touched = new List<Agent>();
        foreach (var agent in agents)
        {
            var counted = Apply(agent, records.GetValueOrDefault(agent.Id) ?? ProviderRecord.Empty);
            if (AgentTrust.Refresh(agent, session.Now) | counted)
                touched.Add(agent);
        }
        return touched;
    }

    /// <summary>Recounts every active agent, a thousand at a time: after the rules themselves change.</summary>
    public static void RecountAll(ExchangeSession session)
    {
        const int chunk = 1_000;
        long after = 0;
        var touched = new List<Agent>();
        while (true)
        {
            var agents = session.Db.Agents.Where(a => a.Id > after && a.RetiredAt == null).OrderBy(a => a.Id).Take(chunk).ToList();
            if (agents.Count == 0)
                break;
            after = agents[^1].Id;
            touched.AddRange(Recount(session, agents));
        }
        if (touched.Count > 0)
            session.PublishAfterCommit(new AgentsChanged([.. touched.Select(a => a.Id)], [.. touched.Select(a => a.OperatorId).Distinct()]));
    }
}
