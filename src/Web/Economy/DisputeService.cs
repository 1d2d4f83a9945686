using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Settings;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// The second side of a job (SPEC §3). A failure holds the client's amount in escrow and stays disputable by the
/// provider's operator for the dispute window. Undisputed, it becomes final when the window passes: the client is
/// refunded and the failure starts to count against the provider. Disputed, it counts nowhere until an admin resolves
/// it (audited): the failure stands, or it is voided; the client is refunded either way.
/// </summary>
public sealed class DisputeService(ExchangeHost host, IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// Jobs whose outcome is not final yet, or was voided (every standing but counted): the filter of the jobs index on
    /// (Standing, DisputableUntil), which SQLite uses only for a query that states it.
    /// </summary>
    public static IQueryable<JobRecord> Unsettled(IQueryable<JobRecord> jobs) => jobs.Where(j => j.Standing != JobVerdict.Counted);

    /// <summary>Failures of the operator's agents as provider that it may still dispute (not self-dealing ones), soonest deadline first.</summary>
    public async Task<DisputeList> DisputableAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var jobs = Unsettled(db.Jobs).Where(j => j.ProviderOperatorId == operatorId && !j.SelfDealing && j.Standing == JobVerdict.AwaitingWindow && j.DisputableUntil > now);
        return await ViewsAsync(db, jobs.OrderBy(j => j.DisputableUntil).ThenBy(j => j.Id), cancellationToken);
    }

    /// <summary>Disputed failures waiting for an admin, oldest dispute first.</summary>
    public async Task<DisputeList> OpenDisputesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var jobs = Unsettled(db.Jobs).Where(j => j.Standing == JobVerdict.Disputed);
        return await ViewsAsync(db, jobs.OrderBy(j => j.DisputedAt).ThenBy(j => j.Id), cancellationToken);
    }

    /// <summary>The provider's operator disputes a failed job while its window is open.</summary>
    public Task<EconomyResult<DisputeView>> DisputeAsync(long operatorId, long jobId, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        host.SubmitAsync<EconomyResult<DisputeView>>(new DisputeJob(operatorId, jobId) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);

    /// <summary>An admin resolves a dispute: the failure stands or is voided.</summary>
    public Task<EconomyResult<DisputeView>> ResolveAsync(string admin, long jobId, bool failureStands, CancellationToken cancellationToken = default, string? address = null) =>
        host.SubmitAsync<EconomyResult<DisputeView>>(new ResolveDispute(jobId, failureStands) { By = Actor.Admin(admin, address) }, cancellationToken);

    /// <summary>Makes final every failure whose window has passed undisputed, in batches; returns how many.</summary>
    public async Task<int> CloseDueAsync(CancellationToken cancellationToken = default)
    {
        var closed = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            List<long> due;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                due = await Unsettled(db.Jobs.AsNoTracking()).Where(j => j.Standing == JobVerdict.AwaitingWindow && j.DisputableUntil <= now)
                    .OrderBy(j => j.DisputableUntil).Select(j => j.Id).Take(500).ToListAsync(cancellationToken);
            }
            if (due.Count == 0)
                return closed;
            var count = await host.SubmitAsync<int>(new CloseDisputeWindows(due) { By = Actor.System("disputes") }, cancellationToken);
            closed += count;
            if (count == 0)
                return closed;
        }
    }

    /// <summary>Applies <see cref="DisputeJob"/>: only the provider's operator, only a failure still inside its window, never a self-dealing one.</summary>
    internal static EconomyResult<DisputeView> ApplyDispute(ExchangeSession session, DisputeJob command)
    {
        var job = session.Db.Jobs.Find(command.JobId);
        if (job is not null && job.ClientOperatorId == command.OperatorId && job.ProviderOperatorId != command.OperatorId)
            return new EconomyError(EconomyErrors.NotDisputable,
                "Only the provider's operator may dispute a failure: your agent was this job's client." + RefundNote(job, session.Now), "job");
        if (job is null || job.ProviderOperatorId != command.OperatorId)
            return new EconomyError(EconomyErrors.JobNotFound, "There is no job with that id done by one of your agents.", "job");
        // Both agents are the operator's own: the failure counts for nothing (SPEC §3, self-dealing), so a dispute would
        // only send an admin a job that cannot matter, and would read as if the failure had been contested.
        if (job.Succeeded)
            return new EconomyError(EconomyErrors.NotDisputable, "This job succeeded: only a failed job inside its dispute window can be disputed.", "job");
        if (job.SelfDealing)
            return new EconomyError(EconomyErrors.NotDisputable,
                "This job is self-dealing (both agents are yours): it counts for nothing in trust or epochs, so there is nothing to dispute." + RefundNote(job, session.Now), "job");
        if (job.Standing != JobVerdict.AwaitingWindow || job.DisputableUntil is not { } until || session.Now >= until)
            return new EconomyError(EconomyErrors.NotDisputable, job.Standing == JobVerdict.Disputed
                ? "This failure is already disputed and waits for an admin."
                : "Only a failed job inside its dispute window can be disputed.", "job");
        job.Standing = JobVerdict.Disputed;
        job.DisputedAt = session.Now;
        AuditLog.Add(session.Db, session.Now, $"operator {command.OperatorId}", "job.disputed", $"job {job.Id}");
        return Changed(session, job);
    }

    // A refusal says the client's amount comes back only when it will: a failure still waiting for its window, whose
    // held cash is refunded when the window closes. A success paid the provider, and a final failure was refunded already.
    private static string RefundNote(JobRecord job, DateTime now) =>
        !job.Succeeded && job.Standing == JobVerdict.AwaitingWindow && job.DisputableUntil > now
            ? " Its amount comes back to you when the window closes."
            : "";

    /// <summary>Applies <see cref="ResolveDispute"/>: admins only; refunds the client and counts the failure or voids it.</summary>
    internal static EconomyResult<DisputeView> ApplyResolve(ExchangeSession session, ResolveDispute command)
    {
        if (command.By.Kind != ActorKind.Admin)
            return new EconomyError(EconomyErrors.AdminOnly, "Only an admin resolves disputes.", "job");
        var job = session.Db.Jobs.Find(command.JobId);
        if (job is null)
            return new EconomyError(EconomyErrors.JobNotFound, "There is no job with that id.", "job");
        if (job.Standing != JobVerdict.Disputed)
            return new EconomyError(EconomyErrors.NotDisputed, "This job is not an open dispute.", "job");
        Refund(session, job);
        job.Standing = command.FailureStands ? JobVerdict.Counted : JobVerdict.Voided;
        Epochs.EpochWorkTally.BecameFinal(session, job);
        job.ResolvedAt = session.Now;
        job.ResolvedBy = command.By.Name;
        AuditLog.Add(session.Db, session.Now, command.By.Name ?? "admin", "job.dispute.resolved", $"job {job.Id}",
            "disputed", command.FailureStands ? "failure stands" : "voided");
        return Changed(session, job);
    }

    /// <summary>Applies <see cref="CloseDisputeWindows"/>: each listed failure still undisputed and past its window becomes final.</summary>
    internal static int ApplyCloseWindows(ExchangeSession session, CloseDisputeWindows command)
    {
        var closed = new List<JobRecord>();
        foreach (var id in command.JobIds.Distinct())
        {
            var job = session.Db.Jobs.Find(id);
            // Re-checked on the writer: it may have been disputed since it was listed.
            if (job is null || job.Standing != JobVerdict.AwaitingWindow || job.DisputableUntil > session.Now)
                continue;
            Refund(session, job);
            job.Standing = JobVerdict.Counted;
            Epochs.EpochWorkTally.BecameFinal(session, job);
            closed.Add(job);
        }
        Recount(session, closed);
        return closed.Count;
    }

    private static void Refund(ExchangeSession session, JobRecord job)
    {
        if (job.Held > 0 && !session.Ledger.RefundJob(job.ClientOperatorId, job.Held, job.Id).Succeeded)
            throw new InvalidOperationException($"Refunding job {job.Id} found the escrow short.");
        job.Held = 0;
    }

    private static EconomyResult<DisputeView> Changed(ExchangeSession session, JobRecord job)
    {
        Recount(session, [job]);
        var client = WriterRows.Agent(session.Db, job.ClientAgentId)!;
        var provider = WriterRows.Agent(session.Db, job.ProviderAgentId)!;
        return EconomyResult<DisputeView>.Ok(View(job, client.Name, provider.Name));
    }

    // The jobs' rows change before the recount reads them, so they are saved first.
    private static void Recount(ExchangeSession session, IReadOnlyCollection<JobRecord> jobs)
    {
        if (jobs.Count == 0)
            return;
        session.Db.SaveChanges();
        var providers = jobs.Select(j => j.ProviderAgentId).Distinct().Select(id => WriterRows.Agent(session.Db, id)!).ToList();
        ProviderRecords.Recount(session, providers);
        session.PublishAfterCommit(new AgentsChanged([.. jobs.SelectMany(j => new[] { j.ClientAgentId, j.ProviderAgentId }).Distinct()],
            [.. jobs.SelectMany(j => new[] { j.ClientOperatorId, j.ProviderOperatorId }).Distinct()]));
    }

    private static DisputeView View(JobRecord j, string client, string provider) =>
        new(j.Id, j.At, j.ClientAgentId, client, j.ClientOperatorId, j.ProviderAgentId, provider, j.ProviderOperatorId,
            new Cash(j.Amount), j.Standing, j.DisputableUntil, j.DisputedAt);

    private static async Task<DisputeList> ViewsAsync(AppDbContext db, IQueryable<JobRecord> jobs, CancellationToken cancellationToken)
    {
        var rows = await (
            from j in jobs.AsNoTracking().Take(DisputeList.MaxRows)
            join c in db.Agents on j.ClientAgentId equals c.Id
            join p in db.Agents on j.ProviderAgentId equals p.Id
            select new { j, Client = c.Name, Provider = p.Name }).ToListAsync(cancellationToken);
        var total = rows.Count < DisputeList.MaxRows ? rows.Count : await jobs.CountAsync(cancellationToken);
        return new DisputeList([.. rows.Select(r => View(r.j, r.Client, r.Provider))], total);
    }
}
