namespace XpFlywheel.Core.Ledger;

/// <summary>
/// The outcome of a transfer. When refused, <see cref="Account"/> is the account that would have gone negative,
/// <see cref="Balance"/> what it held at that point and <see cref="Required"/> what the leg needed.
/// </summary>
public readonly record struct TransferResult(TransferError Error, AccountId Account, long Balance, long Required)
{
    public static TransferResult Ok => default;

    public bool Succeeded => Error == TransferError.None;
}
