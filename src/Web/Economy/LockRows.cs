using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Economy;

/// <summary>Maps lock rows to the core's lock state machine and its refusals to economy errors.</summary>
internal static class LockRows
{
    public static XpLock ToCore(LockRecord row) => new(row.AgentId, new Xp(row.Amount), OperatorTier.Utc(row.LockedAt), row.Status switch
    {
        LockStatus.Locked => new XpLockState.Locked(),
        LockStatus.Unlocking => new XpLockState.Unlocking(OperatorTier.Utc(row.UnlockRequestedAt ?? row.LockedAt), OperatorTier.Utc(row.ReleasableAt ?? row.LockedAt)),
        _ => new XpLockState.Released(OperatorTier.Utc(row.ReleasedAt ?? row.LockedAt)),
    });

    public static EconomyError Refusal(LockRefusal refusal) => refusal switch
    {
        LockRefusal.AmountNotPositive => new(EconomyErrors.InvalidAmount, "The amount must be at least 1 XP.", "amount"),
        LockRefusal.AmountExceedsLock => new(EconomyErrors.AmountExceedsLock, "You cannot unlock more than this lock holds.", "amount"),
        LockRefusal.NotLocked => new(EconomyErrors.NotLocked, "Only locked XP can be unlocked; this lock is already unlocking or released."),
        LockRefusal.NotUnlocking => new(EconomyErrors.NotUnlocking, "This lock has no pending unlock."),
        LockRefusal.NotYetDue => new(EconomyErrors.NotYetDue, "The waiting period has not passed yet."),
        _ => new(EconomyErrors.InvalidAmount, refusal.ToString()),
    };
}
