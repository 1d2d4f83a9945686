using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>Works out the tier card (current tier, lapse, next tier) from an operator's burns.</summary>
public static class TierTimeline
{
    /// <summary>
    /// The operator's tier status at <paramref name="at"/>. Burns after <paramref name="at"/> are ignored, and the
    /// lapse time assumes no further burns.
    /// </summary>
    public static TierStatus Status(FeeSchedule schedule, IEnumerable<XpBurn> burns, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var inWindow = burns.Where(b => schedule.Counts(b, at)).ToArray();
        var total = inWindow.Aggregate(Xp.Zero, (sum, b) => sum + b.Amount);
        var current = schedule.TierFor(total);
        var next = schedule.NextTier(current);
        var needed = next is null ? Xp.Zero : next.BurnThreshold - total;

        // Burns made at the same instant age out together, so the timeline has one step per instant.
        var expiries = new List<BurnExpiry>();
        var remaining = total;
        foreach (var group in inWindow.GroupBy(schedule.AgesOutAt).OrderBy(g => g.Key))
        {
            var agesOut = group.Aggregate(Xp.Zero, (sum, b) => sum + b.Amount);
            remaining -= agesOut;
            expiries.Add(new BurnExpiry(group.Key, agesOut, remaining, schedule.TierFor(remaining)));
        }

        var lapse = expiries.FirstOrDefault(e => e.WindowTotalAfter < current.BurnThreshold);
        return new TierStatus(current, total, lapse?.At, lapse?.TierAfter, next, needed, expiries);
    }
}
