namespace XpFlywheel.Core.Ledger;

/// <summary>Why value moved; stored with every posting so the history explains every balance.</summary>
public enum PostingReason : byte
{
    Deposit,
    Withdrawal,
    OrderHold,
    OrderRelease,
    Trade,
    Fee,
    JobSettlement,
    Burn,
    Lock,
    Unlock,
    UnlockCancel,
    UnlockRelease,
    EpochCredit,
    Emission,
    JobHold,
    JobRefund,
}
