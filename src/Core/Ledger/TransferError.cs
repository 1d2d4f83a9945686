namespace XpFlywheel.Core.Ledger;

/// <summary>Why a transfer was refused. Refusals move nothing.</summary>
public enum TransferError : byte
{
    None,
    /// <summary>A leg would have made a non-source account negative.</summary>
    InsufficientBalance,
    /// <summary>A leg's amount was negative.</summary>
    InvalidAmount,
}
