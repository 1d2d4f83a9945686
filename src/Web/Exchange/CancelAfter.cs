using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// The dead-man switch, as Kraken's <c>cancelAllOrdersAfter</c>: an operator's program arms a countdown and keeps
/// refreshing it while it is healthy; if the countdown runs out, every open order of the operator is cancelled by a
/// <see cref="CancelAllOrders"/> command on the single writer (journaled like any cancel, actor <c>s:cancel-after</c>,
/// see <see cref="CancelAfterExpiry"/>). Arming again replaces the countdown; 0 seconds disarms it.
/// </summary>
/// <remarks>
/// Countdowns are rows of <c>CancelAfterSwitches</c>, not timers of the node that received them: any node arms,
/// refreshes, reads or disarms the operator's one switch, and it fires on whichever node leads when it falls due,
/// also after the node that armed it died or the whole exchange restarted (a switch that fell due while no node ran
/// fires as soon as one leads: the program that armed it could not have refreshed it either). Times are the app's
/// <see cref="TimeProvider"/>, so nodes' clocks must agree (NTP).
/// </remarks>
public sealed class CancelAfter(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The longest countdown, in seconds: one day.</summary>
    public const int MaxSeconds = 86_400;

    /// <summary>The actor the expiry's cancel is journaled under.</summary>
    public static Actor Actor { get; } = Actor.System("cancel-after");

    /// <summary>How long a refresh or disarm that came too late waits for the switch's cancel before answering.</summary>
    public static readonly TimeSpan FiredWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Arms (or re-arms) the operator's countdown to fire <paramref name="seconds"/> from now, or disarms it for 0.
    /// A switch that has already fallen due can no longer be moved: the call waits (at most <see cref="FiredWait"/>)
    /// until its cancel is durable and then arms a new countdown (or answers disarmed), so an order placed after the
    /// answer is never cancelled by the old countdown.
    /// </summary>
    /// <param name="seconds">0 to <see cref="MaxSeconds"/>; callers validate the range (out of range throws).</param>
    /// <returns>Now and when the orders will be cancelled (null when disarmed).</returns>
    /// <exception cref="Cluster.LeaderUnavailableException">The switch fell due and no leader applied its cancel within <see cref="FiredWait"/>; nothing was changed.</exception>
    public async Task<(DateTimeOffset Now, DateTimeOffset? TriggerAt)> SetAsync(long operatorId, int seconds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, MaxSeconds);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var now = clock.GetUtcNow();
            var at = now.UtcDateTime;
            if (seconds == 0)
            {
                // Only a switch still counting down is removed; one that fell due is the leader's to fire, and the
                // disarm answers once its cancel is durable. A switch armed by another request after the delete (it
                // found nothing to remove) is that later request's and stays: waiting for it to fire, as this did,
                // answered 503 after 5 s.
                var counting = db.CancelAfterSwitches.Where(s => s.OperatorId == operatorId && s.FiringAt == null && s.TriggerAt > at);
                if (await counting.ExecuteDeleteAsync(cancellationToken) > 0
                    || !await db.CancelAfterSwitches.AnyAsync(s => s.OperatorId == operatorId && (s.FiringAt != null || s.TriggerAt <= at), cancellationToken))
                    return (now, null);
                await WaitUntilFiredAsync(db, operatorId, cancellationToken);
                return (clock.GetUtcNow(), null);
            }
            var triggerAt = now.AddSeconds(seconds);
            var until = triggerAt.UtcDateTime;
            // One statement arms a new switch or moves one still counting down, whatever other requests (or nodes) do
            // at the same moment: a separate insert after an update lost races to them (a unique-key failure, retried
            // twice and then thrown). A switch that fell due is not moved: the statement changes nothing, and the call
            // waits for its cancel and arms again.
            var armed = await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "CancelAfterSwitches" ("OperatorId", "TriggerAt", "ArmedAt", "FiringAt") VALUES ({operatorId}, {until}, {at}, NULL)
                ON CONFLICT ("OperatorId") DO UPDATE SET "TriggerAt" = excluded."TriggerAt", "ArmedAt" = excluded."ArmedAt"
                WHERE "CancelAfterSwitches"."FiringAt" IS NULL AND "CancelAfterSwitches"."TriggerAt" > {at}
                """, cancellationToken);
            if (armed > 0)
                return (now, triggerAt);
            await WaitUntilFiredAsync(db, operatorId, cancellationToken);
        }
    }

    /// <summary>
    /// When the operator's orders will be cancelled, or null when no countdown is armed. A time in the past means the
    /// switch fell due and its cancel is being applied; it reads null once that cancel is durable.
    /// </summary>
    public async Task<(DateTimeOffset Now, DateTimeOffset? TriggerAt)> GetAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var triggerAt = await db.CancelAfterSwitches.AsNoTracking().Where(s => s.OperatorId == operatorId)
            .Select(s => (DateTime?)s.TriggerAt).SingleOrDefaultAsync(cancellationToken);
        return (now, triggerAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);
    }

    // A switch that fell due goes once the leader's cancel is durable (CancelAfterExpiry); until then it is not moved.
    // Only such a switch is waited for: one armed again by another request in the meantime counts down and is that
    // request's answer, not something to wait out.
    private async Task WaitUntilFiredAsync(AppDbContext db, long operatorId, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (!await db.CancelAfterSwitches.AnyAsync(s => s.OperatorId == operatorId && (s.FiringAt != null || s.TriggerAt <= now), cancellationToken))
                return;
            if (waited.Elapsed > FiredWait)
                throw new Cluster.LeaderUnavailableException(
                    $"The dead-man switch fell due and its cancel was not applied within {FiredWait.TotalSeconds:0} s; nothing was changed. Try again.");
            await Task.Delay(25, cancellationToken);
        }
    }
}
