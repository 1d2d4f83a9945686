namespace XpFlywheel.Core.Ledger;

/// <summary>One leg of a transfer; a zero amount is skipped and leaves no posting.</summary>
public readonly record struct TransferLeg(AccountId From, AccountId To, long Amount, PostingReason Reason);
