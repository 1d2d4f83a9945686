using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Economy;

/// <summary>One job as provider and whether it counts toward trust and epochs (SPEC §6), as the trust page lists it.</summary>
/// <param name="ClientOperatorId">The client's operator (wallet id).</param>
/// <param name="ClientAgent">The client agent's name.</param>
/// <param name="Verdict">Whether it counts, and if not, why.</param>
public sealed record JobCount(long JobId, DateTime At, long ClientOperatorId, string ClientAgent, Cash Amount, bool Succeeded, JobVerdict Verdict)
{
    /// <summary>The job as the core counts it (the verdict's standing carried over).</summary>
    public ProviderJob AsProviderJob => new(AgentTrust.OperatorKey(ClientOperatorId), Amount, Succeeded,
        Verdict is JobVerdict.AwaitingWindow or JobVerdict.Disputed or JobVerdict.Voided ? Verdict : JobVerdict.Counted);

    /// <summary>Why, in plain words.</summary>
    public string Reason => Verdict switch
    {
        JobVerdict.Counted => "Counts",
        JobVerdict.SelfDealing => "Self-dealing: the client is your own operator",
        JobVerdict.BelowMinimum => "Below the minimum job amount",
        JobVerdict.AwaitingWindow => "Failure still disputable: counts once the window passes",
        JobVerdict.Disputed => "Disputed: counts once an admin resolves it",
        JobVerdict.Voided => "Voided by an admin after a dispute",
        _ => Verdict.ToString(),
    };
}

/// <summary>Reads an agent's jobs as provider with their verdicts.</summary>
public static class JobCounts
{
    /// <summary>Every job <paramref name="agent"/> did as provider, newest first, judged under <paramref name="rules"/> at <paramref name="now"/>.</summary>
    public static async Task<List<JobCount>> LoadAsync(AppDbContext db, Agent agent, ReputationRules rules, DateTime now, CancellationToken cancellationToken)
    {
        var rows = await (
            from j in db.Jobs.AsNoTracking()
            where j.ProviderAgentId == agent.Id
            join c in db.Agents on j.ClientAgentId equals c.Id
            orderby j.At descending, j.Id descending
            select new { j, Client = c.Name }).ToListAsync(cancellationToken);
        var provider = AgentTrust.OperatorKey(agent.OperatorId);
        return [.. rows.Select(r =>
        {
            var job = ProviderRecords.AsProviderJob(r.j, rules, now);
            return new JobCount(r.j.Id, r.j.At, r.j.ClientOperatorId, r.Client, job.Amount, job.Succeeded, job.VerdictFor(provider, rules));
        })];
    }
}
