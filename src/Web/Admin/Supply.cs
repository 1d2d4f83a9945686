using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Admin;

/// <summary>
/// The conservation check (SPEC §9) as stored: XP emitted against where it sits, and cash deposited minus
/// withdrawn against every cash balance, OTC offers' holds included. <see cref="Problems"/> is empty when every invariant holds.
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
    long CashJobEscrow = 0,
    long XpOtcHeld = 0,
    long CashOtcHeld = 0)
{
    public long XpAccountedFor => XpAvailable + XpHeld + XpLocked + XpUnlocking + XpBurnPool + XpOtcHeld;

    public long CashAccountedFor => CashAvailable + CashHeld + CashTreasury + CashJobEscrow + CashOtcHeld;

    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (XpAccountedFor != XpEmitted)
                problems.Add($"XP does not add up: {Fmt.Xp(XpAccountedFor)} XP held in accounts, {Fmt.Xp(XpEmitted)} XP emitted (difference {Fmt.Xp(XpAccountedFor - XpEmitted)}).");
            if (CashAccountedFor != CashDepositsLessWithdrawals)
                problems.Add($"Cash does not add up: balances sum to {Fmt.CashExact(CashAccountedFor)}, deposits less withdrawals are {Fmt.CashExact(CashDepositsLessWithdrawals)}.");
            if (NegativeBalances > 0)
                problems.Add($"{NegativeBalances} operator balance(s) are negative.");
            return problems;
        }
    }
}
