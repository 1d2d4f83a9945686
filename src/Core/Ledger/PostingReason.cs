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
    /// <summary>An OTC offer's hold: available → OTC escrow.</summary>
    OtcHold,
    /// <summary>An OTC offer's unused hold back: OTC escrow → available (cancel, expiry, the fee reserve a take did not use).</summary>
    OtcRelease,
    /// <summary>Cash or XP changing hands in an OTC trade.</summary>
    OtcTrade,
}
