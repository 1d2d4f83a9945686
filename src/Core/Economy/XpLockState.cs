namespace XpFlywheel.Core.Economy;

/// <summary>
/// Where a lock stands (SPEC §5). Only <see cref="Locked"/> XP counts for trust; <see cref="Unlocking"/> XP is
/// on its way back to the operator and <see cref="Released"/> XP is available again.
/// </summary>
public abstract record XpLockState
{
    private XpLockState()
    {
    }

    /// <summary>Locked on the agent; counts for trust.</summary>
    public sealed record Locked : XpLockState;

    /// <summary>Asked to unlock at <paramref name="RequestedAt"/>; may be released from <paramref name="ReleasableAt"/>.</summary>
    public sealed record Unlocking(DateTimeOffset RequestedAt, DateTimeOffset ReleasableAt) : XpLockState;

    /// <summary>Returned to the operator's available XP at <paramref name="ReleasedAt"/>. Final.</summary>
    public sealed record Released(DateTimeOffset ReleasedAt) : XpLockState;
}
