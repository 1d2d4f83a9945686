namespace XpFlywheel.Core.Economy;

/// <summary>Why a lock transition was refused.</summary>
public enum LockRefusal
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>The amount to lock or unlock is zero or negative.</summary>
    AmountNotPositive,

    /// <summary>The amount to unlock is more than the lock holds.</summary>
    AmountExceedsLock,

    /// <summary>Only locked XP can be asked to unlock.</summary>
    NotLocked,

    /// <summary>Only an unlocking lock can be cancelled or released.</summary>
    NotUnlocking,

    /// <summary>The waiting period has not passed yet.</summary>
    NotYetDue,
}
