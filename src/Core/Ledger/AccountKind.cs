namespace XpFlywheel.Core.Ledger;

/// <summary>
/// What an account is for. Operator accounts are <see cref="Available"/> and <see cref="Held"/> (cash and XP)
/// plus <see cref="Locked"/> and <see cref="Unlocking"/> (XP only); the rest are single system accounts.
/// </summary>
public enum AccountKind : byte
{
    Available,
    Held,
    Locked,
    Unlocking,
    /// <summary>Cash: fees collected by the platform.</summary>
    Treasury,
    /// <summary>XP: burned XP waiting for the next epoch's redistribution.</summary>
    BurnPool,
    /// <summary>XP source: goes negative by exactly the XP ever emitted.</summary>
    Emission,
    /// <summary>Cash source: goes negative by exactly deposits minus withdrawals.</summary>
    ExternalCash,
    /// <summary>Cash: failed jobs' amounts held while their failure can still be disputed (SPEC §3).</summary>
    JobEscrow,
    /// <summary>Cash: what buy offers on the OTC desk hold (price × quantity + the largest OTC fee), per offer in its row.</summary>
    OtcCashEscrow,
    /// <summary>XP: what sell offers on the OTC desk hold, per offer in its row.</summary>
    OtcXpEscrow,
}
