using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Trust for pages: scores explained, what-if scores for locks and unlocks, and the periodic refresh that keeps
/// the stored ranking key current as agents age.
/// </summary>
public sealed class TrustService(ExchangeHost host, IDbContextFactory<AppDbContext> dbFactory, Parameters.ParameterBoard parameters, TimeProvider clock)
{
    public static readonly TimeSpan HistoryWindow = TimeSpan.FromDays(7);

    /// <summary>The score <paramref name="agent"/> will have once <paramref name="xp"/> of its locked XP starts unlocking.</summary>
    public static TrustScore ScoreAfterUnlock(AgentView agent, long xp, DateTime now) => With(agent, -xp, now);

    /// <summary>The score <paramref name="agent"/> would have with <paramref name="xp"/> more locked.</summary>
    public static TrustScore ScoreAfterLock(AgentView agent, long xp, DateTime now) => With(agent, xp, now);

    private static TrustScore With(AgentView agent, long lockedDelta, DateTime now) =>
        TrustScore.Compute(new TrustInputs(new Xp(Math.Max(0, agent.LockedXp + lockedDelta)), now - agent.CreatedAt, agent.CountedSuccessRate, agent.Jobs));

    /// <summary>
    /// The agent's score taken apart: its parts, every job as provider with whether it counts and why, the changes of
    /// the last 7 days (each job's effect replayed under the rules in force now) and the best next step.
    /// </summary>
    public async Task<TrustExplanation?> ExplainAsync(long agentId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - HistoryWindow;
        var rules = parameters.Current.Rules;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agentId, cancellationToken);
        if (agent is null)
            return null;
        var available = await db.Wallets.AsNoTracking().Where(w => w.Id == agent.OperatorId).Select(w => w.XpAvailable).SingleOrDefaultAsync(cancellationToken);
        var jobs = await JobCounts.LoadAsync(db, agent, rules, now, cancellationToken);
        var locks = await db.Locks.AsNoTracking().Where(l => l.AgentId == agentId && (l.LockedAt > since || l.UnlockRequestedAt > since))
            .Select(l => new { l.LockedAt, l.UnlockRequestedAt, l.Amount }).ToListAsync(cancellationToken);

        // Events as (time, description, counted job or null, ΔlockedXp); a split lock shows as one lock event.
        var events = new List<(DateTime At, string What, JobCount? Job, long Locked)>();
        foreach (var job in jobs.Where(j => j.At > since && j.Verdict == JobVerdict.Counted))
            events.Add((job.At, $"{(job.Succeeded ? "Succeeded" : "Failed")} job for {job.ClientAgent} ({Fmt.Cash(job.Amount)})", job, 0));
        foreach (var group in locks.Where(l => l.LockedAt > since).GroupBy(l => l.LockedAt))
        {
            var amount = group.Sum(l => l.Amount);
            events.Add((group.Key, $"Locked {new Xp(amount)}", null, amount));
        }
        foreach (var unlock in locks.Where(l => l.UnlockRequestedAt > since))
            events.Add((unlock.UnlockRequestedAt!.Value, $"Requested unlock of {new Xp(unlock.Amount)}", null, -unlock.Amount));
        events.Sort((a, b) => a.At.CompareTo(b.At));

        var inputs = AgentTrust.Inputs(agent, now);
        var operatorKey = AgentTrust.OperatorKey(agent.OperatorId);
        // Counted work per client operator, added to job by job: the record after each job of the week is weighed from
        // these sums (ProviderRecord.FromClients, as ProviderRecord.Of groups them), not from every job again, which
        // made a busy agent's page quadratic in its jobs.
        var volumes = new Dictionary<string, ClientVolume>(StringComparer.Ordinal);
        foreach (var job in jobs.Where(j => j.Verdict == JobVerdict.Counted && j.At <= since))
            Count(volumes, job.AsProviderJob, operatorKey, rules);
        var record = ProviderRecord.FromClients(volumes.Values, rules);
        var state = TrustInputs.Of(record, new Xp(Math.Max(0, inputs.LockedXp.Units - events.Sum(e => e.Locked))), since - agent.CreatedAt);
        var scoreThen = state.Score.Total;
        var changes = new List<TrustChange>(events.Count);
        foreach (var e in events)
        {
            // Score before and after at the same age, so the delta is the event's alone.
            var at = state with { Age = e.At - agent.CreatedAt };
            var after = at with { LockedXp = new Xp(Math.Max(0, at.LockedXp.Units + e.Locked)) };
            if (e.Job is { } job)
            {
                Count(volumes, job.AsProviderJob, operatorKey, rules);
                record = ProviderRecord.FromClients(volumes.Values, rules);
                after = after with { SuccessRate = record.SuccessRate, Jobs = record.Jobs };
            }
            changes.Add(new TrustChange(e.At, e.What, after.Score.Total - at.Score.Total));
            state = after;
        }
        var ageGain = TrustScore.AgePartFor(now - agent.CreatedAt) - TrustScore.AgePartFor(since - agent.CreatedAt);
        var advice = TrustAdvisor.BestAction(inputs, new Xp(available));
        var clients = ProviderRecord.Of(operatorKey, jobs.Select(j => j.AsProviderJob), rules).Clients;
        var clientIds = clients.Select(c => long.TryParse(c.Volume.ClientOperatorId, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0).Distinct().ToList();
        var names = await db.Wallets.AsNoTracking().Where(w => clientIds.Contains(w.Id))
            .Select(w => new { w.Id, w.User!.DisplayName, w.User.Email }).ToListAsync(cancellationToken);
        var clientNames = names.ToDictionary(n => AgentTrust.OperatorKey(n.Id), n => Account.OperatorNames.Of(n.DisplayName, n.Email, n.Id));
        return new TrustExplanation(inputs.Score, advice, changes, ageGain, scoreThen, jobs, clients, rules, clientNames);
    }

    // Adds a job to its client operator's sums when it counts for this provider (ProviderJob.VerdictFor).
    private static void Count(Dictionary<string, ClientVolume> volumes, ProviderJob job, string providerOperatorId, ReputationRules rules)
    {
        if (job.VerdictFor(providerOperatorId, rules) != JobVerdict.Counted)
            return;
        var had = volumes.GetValueOrDefault(job.ClientOperatorId) ?? new ClientVolume(job.ClientOperatorId, 0, 0, Cash.Zero, Cash.Zero);
        volumes[job.ClientOperatorId] = new ClientVolume(job.ClientOperatorId, had.Jobs + 1, had.Succeeded + (job.Succeeded ? 1 : 0),
            had.Amount + job.Amount, job.Succeeded ? had.SucceededAmount + job.Amount : had.SucceededAmount);
    }

    /// <summary>
    /// Recomputes every active agent's stored trust (its age part grows daily), a thousand agents per unit of work so
    /// jobs and trades keep flowing in between. Returns how many changed.
    /// </summary>
    public async Task<int> RefreshAllAsync(CancellationToken cancellationToken = default)
    {
        const int chunk = 1_000;
        var changed = 0;
        long after = 0;
        while (true)
        {
            long[] ids;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                ids = await db.Agents.AsNoTracking().Where(a => a.Id > after && a.RetiredAt == null).OrderBy(a => a.Id)
                    .Select(a => a.Id).Take(chunk).ToArrayAsync(cancellationToken);
            }
            if (ids.Length == 0)
                return changed;
            after = ids[^1];
            var (low, high) = (ids[0], ids[^1]);
            changed += await host.SubmitAsync<int>(new Core.Commands.RefreshTrust(low, high) { By = Core.Commands.Actor.System("trust") }, cancellationToken);
        }
    }

    /// <summary>
    /// Applies <see cref="Core.Commands.RefreshTrust"/>: recounts the work and recomputes the stored trust of active
    /// agents in the id range at the command's time (ages grow, and failures whose dispute window passed start to count).
    /// </summary>
    internal static int ApplyRefresh(ExchangeSession session, Core.Commands.RefreshTrust command)
    {
        var (low, high) = (command.FromAgentId, command.ToAgentId);
        var agents = session.Db.Agents.Where(a => a.Id >= low && a.Id <= high && a.RetiredAt == null).ToList();
        var touched = ProviderRecords.Recount(session, agents);
        if (touched.Count > 0)
            session.PublishAfterCommit(new AgentsChanged([.. touched.Select(a => a.Id)], [.. touched.Select(a => a.OperatorId).Distinct()]));
        return touched.Count;
    }
}
