namespace XpFlywheel.Core.Ledger;

// The balanced transfers the economy services use. Each refuses (and moves nothing) when a balance would go negative.
public sealed partial class AccountLedger
{
    /// <summary>Cash enters from outside: external cash → operator available cash.</summary>
    public TransferResult Deposit(long operatorId, long micros, long reference) =>
        Move(AccountId.ExternalCash, AccountId.CashAvailable(operatorId), micros, PostingReason.Deposit, reference);

    /// <summary>Cash leaves: operator available cash → external cash. Refused beyond the available balance.</summary>
    public TransferResult Withdraw(long operatorId, long micros, long reference) =>
        Move(AccountId.CashAvailable(operatorId), AccountId.ExternalCash, micros, PostingReason.Withdrawal, reference);

    /// <summary>New XP is created: emission → operator available XP (genesis or an admin's epoch emission).</summary>
    public TransferResult Emit(long operatorId, long xp, PostingReason reason, long reference) =>
        Move(AccountId.Emission, AccountId.XpAvailable(operatorId), xp, reason, reference);

    /// <summary>
    /// Settles a successful job: the client's available cash pays <paramref name="amount"/>; the provider gets
    /// <paramref name="amount"/> − <paramref name="fee"/> and the treasury <paramref name="fee"/>. All or nothing.
    /// </summary>
    public TransferResult SettleJob(long clientOperatorId, long providerOperatorId, long amount, long fee, long reference)
    {
        if (fee < 0 || fee > amount)
            return new TransferResult(TransferError.InvalidAmount, AccountId.Treasury, 0, fee);
        ReadOnlySpan<TransferLeg> legs =
        [
            new(AccountId.CashAvailable(clientOperatorId), AccountId.CashAvailable(providerOperatorId), amount - fee, PostingReason.JobSettlement),
            new(AccountId.CashAvailable(clientOperatorId), AccountId.Treasury, fee, PostingReason.Fee),
        ];
        return Transfer(legs, reference);
    }

    /// <summary>A failed job's amount leaves the client's available cash for escrow while the failure is disputable (SPEC §3).</summary>
    public TransferResult HoldForJob(long clientOperatorId, long amount, long reference) =>
        Move(AccountId.CashAvailable(clientOperatorId), AccountId.JobEscrow, amount, PostingReason.JobHold, reference);

    /// <summary>A failed job's held amount returns to the client once the failure is final or voided.</summary>
    public TransferResult RefundJob(long clientOperatorId, long amount, long reference) =>
        Move(AccountId.JobEscrow, AccountId.CashAvailable(clientOperatorId), amount, PostingReason.JobRefund, reference);

    /// <summary>Irreversibly burns available XP into the burn pool (redistributed at the next epoch close).</summary>
    public TransferResult Burn(long operatorId, long xp, long reference) =>
        Move(AccountId.XpAvailable(operatorId), AccountId.BurnPool, xp, PostingReason.Burn, reference);

    /// <summary>Available XP → locked XP (counts for trust).</summary>
    public TransferResult Lock(long operatorId, long xp, long reference) =>
        Move(AccountId.XpAvailable(operatorId), AccountId.XpLocked(operatorId), xp, PostingReason.Lock, reference);

    /// <summary>Locked XP → unlocking XP, which waits out the unlock period and no longer counts for trust.</summary>
    public TransferResult RequestUnlock(long operatorId, long xp, long reference) =>
        Move(AccountId.XpLocked(operatorId), AccountId.XpUnlocking(operatorId), xp, PostingReason.Unlock, reference);

    /// <summary>A pending unlock is cancelled: unlocking XP → locked XP.</summary>
    public TransferResult CancelUnlock(long operatorId, long xp, long reference) =>
        Move(AccountId.XpUnlocking(operatorId), AccountId.XpLocked(operatorId), xp, PostingReason.UnlockCancel, reference);

    /// <summary>The unlock period is over: unlocking XP → available XP.</summary>
    public TransferResult ReleaseUnlock(long operatorId, long xp, long reference) =>
        Move(AccountId.XpUnlocking(operatorId), AccountId.XpAvailable(operatorId), xp, PostingReason.UnlockRelease, reference);

    /// <summary>Epoch redistribution: burn pool → operator available XP.</summary>
    public TransferResult CreditFromBurnPool(long operatorId, long xp, long reference) =>
        Move(AccountId.BurnPool, AccountId.XpAvailable(operatorId), xp, PostingReason.EpochCredit, reference);
}
