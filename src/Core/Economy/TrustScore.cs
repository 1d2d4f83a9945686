using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// An agent's trust, 0–100 (SPEC §6): 50 × success rate + min(30, 10 × log10(locked XP)) + min(20, age in days ÷ 18.25).
/// <see cref="Total"/> is exact for ranking; <see cref="Display"/> is what the UI shows.
/// </summary>
public sealed record TrustScore(double SuccessPart, double LockPart, double AgePart) : IComparable<TrustScore>
{
    public const double SuccessWeight = 50;
    public const double MaxLockPart = 30;
    public const double MaxAgePart = 20;
    public const double DaysPerAgePoint = 18.25;

    /// <summary>The exact score, for comparing and ranking.</summary>
    public double Total => SuccessPart + LockPart + AgePart;

    /// <summary>The score rounded to one decimal (half away from zero), as shown.</summary>
    public decimal Display => Math.Round((decimal)Total, 1, MidpointRounding.AwayFromZero);

    /// <summary>Scores an agent from its filtered <paramref name="inputs"/>.</summary>
    public static TrustScore Compute(TrustInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return new TrustScore(SuccessWeight * (double)Math.Clamp(inputs.SuccessRate, 0m, 1m), LockPartFor(inputs.LockedXp), AgePartFor(inputs.Age));
    }

    /// <summary>min(30, 10 × log10(locked)); 0 below 1 XP, where the logarithm would go negative.</summary>
    public static double LockPartFor(Xp locked) =>
        locked.Units < 1 ? 0 : Math.Min(MaxLockPart, 10 * Math.Log10(locked.Units));

    /// <summary>The locked XP at which the lock part is full (10 × log10(1,000) = 30): more raises trust no further.</summary>
    public const long LockedXpForFullLockPart = 1_000;

    /// <summary>
    /// How much of <paramref name="more"/> XP, locked on top of <paramref name="locked"/>, still raises the lock part: the
    /// rest of the way to <see cref="LockedXpForFullLockPart"/>, 0 once there.
    /// </summary>
    public static long LockXpThatCounts(Xp locked, long more) =>
        Math.Clamp(LockedXpForFullLockPart - locked.Units, 0, Math.Max(0, more));

    /// <summary>min(20, days ÷ 18.25): full after one year; a negative age counts as 0.</summary>
    public static double AgePartFor(TimeSpan age) =>
        age <= TimeSpan.Zero ? 0 : Math.Min(MaxAgePart, age.TotalDays / DaysPerAgePoint);

    public int CompareTo(TrustScore? other) => other is null ? 1 : Total.CompareTo(other.Total);

    public override string ToString() => Display.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
