using System.Globalization;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>Finds the single step that would raise an agent's trust the most.</summary>
public static class TrustAdvisor
{
    /// <summary>The lock part is full at 10^3 XP: 10 × log10(1,000) = 30.</summary>
    public static readonly Xp LockForFullPart = new(1_000);

    /// <summary>
    /// Compares three steps and returns the one with the largest gain, or null when none gains anything:
    /// locking XP up to the amount that fills the lock part (capped by <paramref name="availableXp"/> when given),
    /// completing <paramref name="jobs"/> more jobs successfully (default 10, each the size of the counted ones so far), and waiting
    /// <paramref name="wait"/> (default 30 days). On equal gains the step the operator controls most directly
    /// wins: lock, then jobs, then wait.
    /// </summary>
    public static TrustSuggestion? BestAction(TrustInputs inputs, Xp? availableXp = null, int jobs = 10, TimeSpan? wait = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(jobs);
        var horizon = wait ?? TimeSpan.FromDays(30);
        TrustSuggestion[] candidates = [Lock(inputs, availableXp), Jobs(inputs, jobs), Wait(inputs, horizon)];

        TrustSuggestion? best = null;
        foreach (var candidate in candidates)
        {
            // A gain below display precision is noise from floating point, not advice.
            if (candidate.Gain >= 0.05 && (best is null || candidate.Gain > best.Gain))
                best = candidate;
        }
        return best;
    }

    private static TrustSuggestion Lock(TrustInputs inputs, Xp? availableXp)
    {
        var locked = inputs.LockedXp < Xp.Zero ? Xp.Zero : inputs.LockedXp;
        var more = locked >= LockForFullPart ? Xp.Zero : LockForFullPart - locked;
        if (availableXp is { } available && available < more)
            more = available < Xp.Zero ? Xp.Zero : available;
        var gain = TrustScore.LockPartFor(locked + more) - TrustScore.LockPartFor(locked);
        return new TrustSuggestion(TrustAction.LockXp, gain, more, 0, TimeSpan.Zero,
            $"lock {more.Units.ToString("#,##0", CultureInfo.InvariantCulture)} XP more: {Points(gain)}");
    }

    private static TrustSuggestion Jobs(TrustInputs inputs, int jobs)
    {
        // Assumes the new jobs are the size of the counted ones so far: each then weighs as much as one of those.
        var rate = Math.Clamp(inputs.SuccessRate, 0m, 1m);
        var after = (rate * inputs.Jobs + jobs) / (inputs.Jobs + jobs);
        var gain = TrustScore.SuccessWeight * (double)(after - rate);
        return new TrustSuggestion(TrustAction.CompleteJobs, gain, Xp.Zero, jobs, TimeSpan.Zero,
            $"complete {jobs} more jobs successfully: {Points(gain)}");
    }

    private static TrustSuggestion Wait(TrustInputs inputs, TimeSpan wait)
    {
        var gain = TrustScore.AgePartFor(inputs.Age + wait) - TrustScore.AgePartFor(inputs.Age);
        return new TrustSuggestion(TrustAction.Wait, gain, Xp.Zero, 0, wait,
            $"wait {wait.TotalDays.ToString("0", CultureInfo.InvariantCulture)} days: {Points(gain)}");
    }

    private static string Points(double gain) => "+" + gain.ToString("0.0", CultureInfo.InvariantCulture);
}
