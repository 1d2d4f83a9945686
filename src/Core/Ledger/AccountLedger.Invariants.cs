namespace XpFlywheel.Core.Ledger;

// Conservation checks: shown on the admin supply page and run by the tests after every step.
public sealed partial class AccountLedger
{
    /// <summary>The sum of every account of <paramref name="asset"/>, sources included: always zero.</summary>
    public long Total(Asset asset)
    {
        long total = 0;
        foreach (var (account, balance) in Balances())
        {
            if (account.Asset == asset)
                total = checked(total + balance);
        }
        return total;
    }

    /// <summary>The sum over non-source accounts of <paramref name="asset"/>: the supply held by someone.</summary>
    public long Supply(Asset asset) =>
        -Balance(asset == Asset.Cash ? AccountId.ExternalCash : AccountId.Emission);

    /// <summary>Every account with its balance (system accounts first), for persistence and the supply page.</summary>
    public IEnumerable<KeyValuePair<AccountId, long>> Balances()
    {
        yield return new(AccountId.Treasury, Balance(AccountId.Treasury));
        yield return new(AccountId.BurnPool, Balance(AccountId.BurnPool));
        yield return new(AccountId.Emission, Balance(AccountId.Emission));
        yield return new(AccountId.ExternalCash, Balance(AccountId.ExternalCash));
        yield return new(AccountId.JobEscrow, Balance(AccountId.JobEscrow));
        yield return new(AccountId.OtcCashEscrow, Balance(AccountId.OtcCashEscrow));
        yield return new(AccountId.OtcXpEscrow, Balance(AccountId.OtcXpEscrow));
        foreach (var op in _operators)
        {
            yield return new(AccountId.CashAvailable(op), Balance(AccountId.CashAvailable(op)));
            yield return new(AccountId.CashHeld(op), Balance(AccountId.CashHeld(op)));
            yield return new(AccountId.XpAvailable(op), Balance(AccountId.XpAvailable(op)));
            yield return new(AccountId.XpHeld(op), Balance(AccountId.XpHeld(op)));
            yield return new(AccountId.XpLocked(op), Balance(AccountId.XpLocked(op)));
            yield return new(AccountId.XpUnlocking(op), Balance(AccountId.XpUnlocking(op)));
        }
    }

    /// <summary>
    /// Null when each asset sums to zero and no non-source account is negative; otherwise what is wrong.
    /// </summary>
    public string? CheckInvariants()
    {
        long cash = 0, xp = 0;
        foreach (var (account, balance) in Balances())
        {
            if (balance < 0 && !account.IsSource)
                return $"{account} is negative: {balance}.";
            if (account.Asset == Asset.Cash)
                cash = checked(cash + balance);
            else
                xp = checked(xp + balance);
        }
        if (cash != 0)
            return $"Cash does not balance: accounts sum to {cash}.";
        return xp != 0 ? $"XP does not balance: accounts sum to {xp}." : null;
    }

    /// <summary>Throws when <see cref="CheckInvariants"/> finds a problem: a broken invariant is a bug, not a refusal.</summary>
    public void AssertInvariants()
    {
        if (CheckInvariants() is { } problem)
            throw new InvalidOperationException(problem);
    }
}
