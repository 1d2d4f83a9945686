namespace XpFlywheel.Core.Ledger;

/// <summary>
/// One movement of <paramref name="Amount"/> (micro-dollars or XP units, by the accounts' asset) from one
/// account to another. <paramref name="Reference"/> is the order, trade, job or epoch id that caused it.
/// </summary>
public readonly record struct Posting(
    long Sequence, AccountId From, AccountId To, long Amount, PostingReason Reason, long Reference);
