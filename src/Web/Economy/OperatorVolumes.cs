using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Provider volume per operator and UTC day (<see cref="OperatorVolumeDay"/>), added to as successful jobs are recorded
/// on the writer, and the trailing 30 days read from it: whole days from the rows, the partial day at the window's
/// start from that day's jobs alone, so the figure is exact to the instant and costs at most one day of jobs.
/// </summary>
public static class OperatorVolumes
{
    /// <summary>The ranking's window: the trailing 30 days.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>Adds a recorded job to its provider operator's day, when it counts as volume (a success, not self-dealing).</summary>
    public static void Recorded(ExchangeSession session, JobRecord job)
    {
        if (!job.Succeeded || job.SelfDealing)
            return;
        var db = session.Db;
        var day = job.At.Date;
        var row = WriterRows.VolumeDay(db, job.ProviderOperatorId, day);
        if (row is null)
        {
            row = new OperatorVolumeDay { OperatorId = job.ProviderOperatorId, Day = day };
            db.OperatorVolumeDays.Add(row);
        }
        row.Volume += job.Amount;
        row.Jobs++;
    }

    /// <summary>
    /// Every operator with volume in (<paramref name="now"/> − 30 days, <paramref name="now"/>]: operator id, volume in
    /// cash micros and jobs, in no particular order.
    /// </summary>
    public static async Task<List<(long OperatorId, long Volume, int Jobs)>> TrailingAsync(AppDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var since = now - Window;
        var firstWholeDay = since.Date.AddDays(1);
        var whole = await db.OperatorVolumeDays.AsNoTracking().Where(d => d.Day >= firstWholeDay)
            .GroupBy(d => d.OperatorId)
            .Select(g => new { OperatorId = g.Key, Volume = g.Sum(d => d.Volume), Jobs = g.Sum(d => d.Jobs) })
            .ToListAsync(cancellationToken);
        var edge = await db.Jobs.AsNoTracking().Where(j => j.At > since && j.At < firstWholeDay && j.Succeeded && !j.SelfDealing)
            .GroupBy(j => j.ProviderOperatorId)
            .Select(g => new { OperatorId = g.Key, Volume = g.Sum(j => j.Amount), Jobs = g.Count() })
            .ToListAsync(cancellationToken);
        return whole.Concat(edge)
            .GroupBy(v => v.OperatorId)
            .Select(g => (g.Key, g.Sum(v => v.Volume), g.Sum(v => v.Jobs)))
            .ToList();
    }
}
