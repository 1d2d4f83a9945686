namespace XpFlywheel.Core.Economy;

/// <summary>
/// The result of a lock transition: the lock after the change, the part split off by a partial unlock, or the
/// reason it was refused (then nothing changed).
/// </summary>
/// <param name="Lock">The lock after the transition; null when refused.</param>
/// <param name="SplitOff">For a partial unlock, the new unlocking lock; <see cref="Lock"/> keeps the rest locked.</param>
/// <param name="Refusal">Why it was refused, or <see cref="LockRefusal.None"/>.</param>
public sealed record LockTransition(XpLock? Lock, XpLock? SplitOff, LockRefusal Refusal)
{
    public bool Succeeded => Refusal == LockRefusal.None;

    internal static LockTransition To(XpLock updated, XpLock? splitOff = null) => new(updated, splitOff, LockRefusal.None);

    internal static LockTransition Refused(LockRefusal refusal) => new(null, null, refusal);
}
