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

    /// <summary>
    /// Arms (or re-arms) the operator's countdown to fire <paramref name="seconds"/> from now, or disarms it for 0.
    /// </summary>
    /// <param name="seconds">0 to <see cref="MaxSeconds"/>; callers validate the range (out of range throws).</param>
    /// <returns>Now and when the orders will be cancelled (null when disarmed).</returns>
    public async Task<(DateTimeOffset Now, DateTimeOffset? TriggerAt)> SetAsync(long operatorId, int seconds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, MaxSeconds);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (seconds == 0)
        {
            await db.CancelAfterSwitches.Where(s => s.OperatorId == operatorId).ExecuteDeleteAsync(cancellationToken);
            return (now, null);
        }
        var triggerAt = now.AddSeconds(seconds);
        var (at, armed) = (triggerAt.UtcDateTime, now.UtcDateTime);
        // An update, else an insert; an insert that lost to another node's arm of the same operator updates instead.
        for (var attempt = 1; ; attempt++)
        {
            var updated = await db.CancelAfterSwitches.Where(s => s.OperatorId == operatorId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.TriggerAt, at).SetProperty(s => s.ArmedAt, armed), cancellationToken);
            if (updated > 0)
                return (now, triggerAt);
            db.CancelAfterSwitches.Add(new CancelAfterSwitch { OperatorId = operatorId, TriggerAt = at, ArmedAt = armed });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (now, triggerAt);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>When the operator's orders will be cancelled, or null when no countdown is armed (or it has fired).</summary>
    public async Task<(DateTimeOffset Now, DateTimeOffset? TriggerAt)> GetAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var triggerAt = await db.CancelAfterSwitches.AsNoTracking().Where(s => s.OperatorId == operatorId)
            .Select(s => (DateTime?)s.TriggerAt).SingleOrDefaultAsync(cancellationToken);
        return (now, triggerAt is { } at && at > now.UtcDateTime ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);
    }
}
