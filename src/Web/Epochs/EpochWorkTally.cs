using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// Keeps each open epoch's work per provider agent and client operator (<see cref="EpochWorkRecord"/>) up to date as
/// commands apply, on the writer and in their transaction: a recorded job adds its pair (and its figures if it counts
/// at once), a failure that becomes final adds its figures, a change of the reputation rules re-tallies the open epoch.
/// The preview, the ring report and the close read these rows: one per agent and client operator, not one per job.
/// </summary>
/// <remarks>
/// A job belongs to the epoch whose [start, end) holds its time. A job with no open epoch around it (recorded after
/// an epoch's end, before its overdue close) is tallied when the close creates the next epoch, which re-tallies
/// itself from the jobs at or after its start. Work of a closed epoch never changes: a failure that becomes final
/// after its epoch closed counts for trust, not for that epoch.
/// </remarks>
public static class EpochWorkTally
{
    /// <summary>Whether <paramref name="job"/> counts under <paramref name="rules"/>: the core's verdict (SPEC §6), as <see cref="Economy.ProviderRecords.Counted"/> filters it in SQL.</summary>
    public static bool Counts(JobRecord job, ReputationRules rules) =>
        Economy.ProviderRecords.AsProviderJob(job, rules, job.At).VerdictFor(Economy.AgentTrust.OperatorKey(job.ProviderOperatorId), rules) == JobVerdict.Counted;

    /// <summary>Tallies a job just recorded: its pair's row exists from now on; its figures if it counts already.</summary>
    public static void Recorded(ExchangeSession session, JobRecord job) => Add(session, job, Counts(job, session.Parameters.Rules));

    /// <summary>Tallies a failure that has just become final (window passed, or an admin let it stand).</summary>
    public static void BecameFinal(ExchangeSession session, JobRecord job)
    {
        if (Counts(job, session.Parameters.Rules))
            Add(session, job, counted: true);
    }

    /// <summary>Re-tallies every open epoch from its jobs under the session's rules (after the rules change).</summary>
    public static void RetallyOpen(ExchangeSession session)
    {
        foreach (var epoch in session.Db.Epochs.Where(e => e.Status == EpochStatus.Open).ToList())
            Retally(session.Db, epoch, session.Parameters.Rules);
    }

    /// <summary>
    /// Replaces <paramref name="epoch"/>'s rows with its jobs in [start, end) summed per provider agent and client
    /// operator by the database, and marks it tallied. Costs a scan of the epoch's jobs: for the rules changing, an
    /// early close that moved the end before jobs already tallied, and a database from before the rows existed.
    /// </summary>
    public static void Retally(AppDbContext db, EpochRecord epoch, ReputationRules rules)
    {
        db.SaveChanges();
        db.EpochWork.Where(w => w.EpochNumber == epoch.Number).ExecuteDelete();
        foreach (var tracked in db.ChangeTracker.Entries<EpochWorkRecord>().Where(e => e.Entity.EpochNumber == epoch.Number).ToList())
            tracked.State = EntityState.Detached;
        var (start, end, number) = (epoch.StartsAt, epoch.EndsAt, epoch.Number);
        var window = db.Jobs.AsNoTracking().Where(j => j.At >= start && j.At < end);
        // Every pair with a job has a row; the counted figures come from the one filter trust uses.
        var counted = Economy.ProviderRecords.Counted(window, rules, end)
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
            .ToDictionary(c => (c.ProviderAgentId, c.ClientOperatorId));
        var rows = window.Select(j => new { j.ProviderAgentId, j.ClientOperatorId }).Distinct().AsEnumerable()
            .Select(pair => counted.TryGetValue((pair.ProviderAgentId, pair.ClientOperatorId), out var c)
                ? new EpochWorkRecord { EpochNumber = number, ProviderAgentId = c.ProviderAgentId, ClientOperatorId = c.ClientOperatorId, Jobs = c.Jobs, Succeeded = c.Succeeded, Amount = c.Amount, SucceededAmount = c.SucceededAmount }
                : new EpochWorkRecord { EpochNumber = number, ProviderAgentId = pair.ProviderAgentId, ClientOperatorId = pair.ClientOperatorId })
            .ToList();
        db.EpochWork.AddRange(rows);
        epoch.WorkTallied = true;
        epoch.WorkRevision++;
        db.SaveChanges();
    }

    /// <summary>Tallies the open epoch if it is not yet (a database from before the rows existed); at start.</summary>
    public static void EnsureTallied(ExchangeSession session)
    {
        foreach (var epoch in session.Db.Epochs.Where(e => e.Status == EpochStatus.Open && !e.WorkTallied).ToList())
            Retally(session.Db, epoch, session.Parameters.Rules);
    }

    /// <summary>Drops a closed epoch's rows: its allocation lines keep what it was scored on.</summary>
    public static void Drop(AppDbContext db, long number)
    {
        db.SaveChanges();
        db.EpochWork.Where(w => w.EpochNumber == number).ExecuteDelete();
    }

    // The open, tallied epoch whose [start, end) holds the instant; compiled, as it is asked on every recorded job.
    private static readonly PerModel<Func<AppDbContext, DateTime, EpochRecord?>> TalliedOpenAt = new(() => EF.CompileQuery((AppDbContext db, DateTime at) =>
        db.Epochs.FirstOrDefault(e => e.Status == EpochStatus.Open && e.WorkTallied && e.StartsAt <= at && e.EndsAt > at)));

    private static void Add(ExchangeSession session, JobRecord job, bool counted)
    {
        var db = session.Db;
        var at = job.At;
        var epoch = TalliedOpenAt.For(db)(db, at);
        if (epoch is null)
            return;
        var n = epoch.Number;
        epoch.WorkRevision++;
        var row = WriterRows.EpochWork(db, n, job.ProviderAgentId, job.ClientOperatorId);
        if (row is null)
        {
            row = new EpochWorkRecord { EpochNumber = n, ProviderAgentId = job.ProviderAgentId, ClientOperatorId = job.ClientOperatorId };
            db.EpochWork.Add(row);
        }
        if (!counted)
            return;
        row.Jobs++;
        row.Amount += job.Amount;
        if (job.Succeeded)
        {
            row.Succeeded++;
            row.SucceededAmount += job.Amount;
        }
    }
}
