namespace XpFlywheel.Web.Admin;

/// <summary>
/// The conservation check (SPEC §9) as stored: XP emitted against where it sits, and cash deposited minus
/// withdrawn against every cash balance. <see cref="Problems"/> is empty when every invariant holds.
/// </summary>
public sealed record Supply(
    long XpEmitted,
    long XpAvailable,
    long XpHeld,
    long XpLocked,
    long XpUnlocking,
    long XpBurnPool,
    long CashDepositsLessWithdrawals,
    long CashAvailable,
    long CashHeld,
    long CashTreasury,
    int NegativeBalances,
    long CashJobEscrow = 0)
{
    public long XpAccountedFor => XpAvailable + XpHeld + XpLocked + XpUnlocking + XpBurnPool;

    public long CashAccountedFor => CashAvailable + CashHeld + CashTreasury + CashJobEscrow;

    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (XpAccountedFor != XpEmitted)
                problems.Add($"XP does not add up: {XpAccountedFor:N0} XP held in accounts, {XpEmitted:N0} XP emitted (difference {XpAccountedFor - XpEmitted:N0}).");
            if (CashAccountedFor != CashDepositsLessWithdrawals)
                problems.Add($"Cash does not add up: balances sum to {CashAccountedFor / 1_000_000m:N2} USD, deposits less withdrawals are {CashDepositsLessWithdrawals / 1_000_000m:N2} USD.");
            if (NegativeBalances > 0)
                problems.Add($"{NegativeBalances} operator balance(s) are negative.");
            return problems;
        }
    }
}
