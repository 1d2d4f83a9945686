using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// XP an operator has locked on one of its agents (SPEC §5). Immutable: each transition returns the new lock.
/// A partial unlock splits the lock in two — the rest stays locked, the requested amount becomes a separate
/// unlocking lock — so every lock has one state and one amount, and cancelling simply relocks that part.
/// </summary>
public sealed record XpLock(long AgentId, Xp Amount, DateTimeOffset LockedAt, XpLockState State)
{
    /// <summary>Locks <paramref name="amount"/> on <paramref name="agentId"/> at once.</summary>
    public static LockTransition Lock(long agentId, Xp amount, DateTimeOffset at) =>
        amount <= Xp.Zero
            ? LockTransition.Refused(LockRefusal.AmountNotPositive)
            : LockTransition.To(new XpLock(agentId, amount, at, new XpLockState.Locked()));

    /// <summary>Whether this lock counts toward the agent's trust score: only while locked.</summary>
    public bool CountsForTrust => State is XpLockState.Locked;

    /// <summary>
    /// Starts the waiting period for <paramref name="amount"/> (the whole lock or part of it). The unlocking part
    /// is releasable at <paramref name="at"/> + the policy's waiting period.
    /// </summary>
    public LockTransition RequestUnlock(Xp amount, DateTimeOffset at, LockPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (State is not XpLockState.Locked)
            return LockTransition.Refused(LockRefusal.NotLocked);
        if (amount <= Xp.Zero)
            return LockTransition.Refused(LockRefusal.AmountNotPositive);
        if (amount > Amount)
            return LockTransition.Refused(LockRefusal.AmountExceedsLock);

        var unlocking = new XpLockState.Unlocking(at, at + policy.WaitingPeriod);
        if (amount == Amount)
            return LockTransition.To(this with { State = unlocking });
        return LockTransition.To(this with { Amount = Amount - amount }, this with { Amount = amount, State = unlocking });
    }

    /// <summary>Takes a pending unlock back: the XP is locked again and counts for trust at once.</summary>
    public LockTransition CancelUnlock() =>
        State is XpLockState.Unlocking
            ? LockTransition.To(this with { State = new XpLockState.Locked() })
            : LockTransition.Refused(LockRefusal.NotUnlocking);

    /// <summary>Whether an unlocking lock may be released at <paramref name="at"/>.</summary>
    public bool IsDue(DateTimeOffset at) => State is XpLockState.Unlocking u && at >= u.ReleasableAt;

    /// <summary>Returns the XP to the operator; only an unlocking lock whose waiting period has passed.</summary>
    public LockTransition Release(DateTimeOffset at) => State switch
    {
        XpLockState.Unlocking when IsDue(at) => LockTransition.To(this with { State = new XpLockState.Released(at) }),
        XpLockState.Unlocking => LockTransition.Refused(LockRefusal.NotYetDue),
        _ => LockTransition.Refused(LockRefusal.NotUnlocking),
    };

    /// <summary>The unlocking locks that may be released at <paramref name="at"/>, earliest due first.</summary>
    public static IReadOnlyList<XpLock> DueForRelease(IEnumerable<XpLock> locks, DateTimeOffset at) =>
        [.. locks.Where(l => l.IsDue(at)).OrderBy(l => ((XpLockState.Unlocking)l.State).ReleasableAt)];

    /// <summary>The XP that counts for trust: the sum of the locks still locked.</summary>
    public static Xp LockedTotal(IEnumerable<XpLock> locks) =>
        locks.Where(l => l.CountsForTrust).Aggregate(Xp.Zero, (sum, l) => sum + l.Amount);
}
