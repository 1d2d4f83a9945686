using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Cluster;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Notifications;

/// <summary>
/// On a follower, pushes the notifications the leader stores to this node's open circuits and user streams: woken by
/// the leader's signal on <see cref="ClusterNode.NotificationChannel"/>, polling every
/// <c>Cluster:NotificationPoll</c> (1 s) as the fallback, it reads the rows after the last one it pushed, in id order.
/// Ids are handed out before commit, so two of the leader's transactions may commit out of order: an id skipped over
/// is looked for again for <see cref="LateWindow"/> (a rolled-back one never comes). Rows stored before this node
/// began to follow are not pushed (the notifications menu lists them). Nothing runs on SQLite or on the leader.
/// </summary>
public sealed class NotificationTail(
    ClusterNode node,
    ClusterSignals signals,
    NotificationService notifications,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    IConfiguration configuration,
    ILogger<NotificationTail> logger) : BackgroundService
{
    /// <summary>How long an id skipped over is looked for again.</summary>
    public static readonly TimeSpan LateWindow = TimeSpan.FromSeconds(30);

    private const int RowsPerRead = 1_000;
    private const int MostAwaited = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.CanFollow)
            return;
        var poll = AccessRelay.Clamp(configuration.GetValue("Cluster:NotificationPoll", TimeSpan.FromSeconds(1)), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));
        long? last = null;
        var awaited = new Dictionary<long, long>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signals.WaitAsync(ClusterNode.NotificationChannel, poll, stoppingToken);
                if (!node.Following)
                {
                    (last, awaited) = (null, []);
                    continue;
                }
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                if (last is null)
                {
                    last = await db.Notifications.MaxAsync(n => (long?)n.Id, stoppingToken) ?? 0;
                    continue;
                }
                last = await ReadAsync(db, last.Value, awaited, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Reading the leader's notifications failed; trying again");
                try
                {
                    await Task.Delay(poll, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // Pushes the rows after `last` and the awaited ids that arrived; returns the new last id. `awaited` maps an id
    // skipped over to when it was first missed.
    private async Task<long> ReadAsync(AppDbContext db, long last, Dictionary<long, long> awaited, CancellationToken cancellationToken)
    {
        var now = clock.GetTimestamp();
        foreach (var (id, since) in awaited.ToArray())
        {
            if (clock.GetElapsedTime(since, now) > LateWindow)
                awaited.Remove(id);
        }
        var late = awaited.Keys.ToList();
        var rows = await db.Notifications.AsNoTracking()
            .Where(n => n.Id > last || late.Contains(n.Id))
            .OrderBy(n => n.Id).Take(RowsPerRead).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            if (row.Id <= last)
            {
                awaited.Remove(row.Id);
            }
            else
            {
                for (var skipped = last + 1; skipped < row.Id && awaited.Count < MostAwaited; skipped++)
                    awaited[skipped] = now;
                last = row.Id;
            }
            notifications.PushStored(row);
        }
        if (rows.Count == RowsPerRead)
            signals.Wake(ClusterNode.NotificationChannel);
        return last;
    }
}
