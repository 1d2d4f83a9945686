namespace XpFlywheel.Core.Economy;

/// <summary>Lock settings an admin can change.</summary>
/// <param name="WaitingPeriod">How long unlocking XP waits before it can be released. Defaults to 7 days.</param>
public sealed record LockPolicy(TimeSpan WaitingPeriod)
{
    public static LockPolicy Default { get; } = new(TimeSpan.FromDays(7));

    /// <summary>The reasons this policy is unusable; empty when it is fine.</summary>
    public IReadOnlyList<string> Validate() =>
        WaitingPeriod < TimeSpan.Zero ? ["The unlock waiting period cannot be negative."] : [];
}
