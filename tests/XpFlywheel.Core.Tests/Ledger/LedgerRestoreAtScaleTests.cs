using XpFlywheel.Core.Ledger;

namespace XpFlywheel.Core.Tests.Ledger;

/// <summary>
/// Restoring balances after a restart works at any number of operators: the balance array grows while it is being
/// written, so every write must land in the grown array (the ledger starts with room for 64 operators).
/// </summary>
public class LedgerRestoreAtScaleTests
{
    private const int Operators = 10_000;

    private static readonly Func<long, AccountId>[] OperatorAccounts =
    [
        AccountId.CashAvailable, AccountId.CashHeld, AccountId.XpAvailable,
        AccountId.XpHeld, AccountId.XpLocked, AccountId.XpUnlocking,
    ];

    [Fact]
    public void Ledger_restores_ten_thousand_operators_with_a_balance_in_every_account_kind()
    {
        var ledger = new AccountLedger();
        long cash = 0, xp = 0;
        for (long op = 1; op <= Operators; op++)
        {
            for (var kind = 0; kind < OperatorAccounts.Length; kind++)
            {
                var account = OperatorAccounts[kind](op);
                var balance = op * 10 + kind + 1;
                ledger.Restore(account, balance);
                if (account.Asset == Asset.Cash)
                    cash += balance;
                else
                    xp += balance;
            }
        }
        ledger.Restore(AccountId.ExternalCash, -cash);
        ledger.Restore(AccountId.Emission, -xp);

        Assert.Equal(Operators, ledger.Operators.Count);
        for (long op = 1; op <= Operators; op++)
        {
            for (var kind = 0; kind < OperatorAccounts.Length; kind++)
                Assert.Equal(op * 10 + kind + 1, ledger.Balance(OperatorAccounts[kind](op)));
        }
        Assert.Null(ledger.CheckInvariants());
    }

    [Fact]
    public void Ledger_restores_account_kinds_in_any_order_at_scale()
    {
        // The loader restores wallet by wallet; restoring kind by kind (every operator's cash first) makes each
        // first sighting of an operator come late, after the array has been read many times.
        var ledger = new AccountLedger();
        long cash = 0;
        for (long op = Operators; op >= 1; op--)
        {
            ledger.Restore(AccountId.CashHeld(op), op);
            cash += op;
        }
        for (long op = 1; op <= Operators; op++)
        {
            ledger.Restore(AccountId.CashAvailable(op), 2 * op);
            cash += 2 * op;
        }
        ledger.Restore(AccountId.ExternalCash, -cash);

        for (long op = 1; op <= Operators; op++)
        {
            Assert.Equal(op, ledger.Balance(AccountId.CashHeld(op)));
            Assert.Equal(2 * op, ledger.Balance(AccountId.CashAvailable(op)));
        }
        Assert.Null(ledger.CheckInvariants());
    }

    [Fact]
    public void Transfers_to_operators_beyond_the_initial_slots_keep_every_balance()
    {
        var ledger = new AccountLedger();
        ledger.Deposit(1, 1_000_000, 1);
        for (long op = 2; op <= 1_000; op++)
            Assert.True(ledger.Move(AccountId.CashAvailable(1), AccountId.CashAvailable(op), 100, PostingReason.Trade, op).Succeeded);

        Assert.Equal(1_000_000 - 999 * 100, ledger.Balance(AccountId.CashAvailable(1)));
        for (long op = 2; op <= 1_000; op++)
            Assert.Equal(100, ledger.Balance(AccountId.CashAvailable(op)));
        Assert.Null(ledger.CheckInvariants());
    }
}
