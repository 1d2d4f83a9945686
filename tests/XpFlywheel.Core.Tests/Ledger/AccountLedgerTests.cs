using XpFlywheel.Core.Ledger;

namespace XpFlywheel.Core.Tests.Ledger;

public class AccountLedgerTests
{
    private readonly AccountLedger _ledger = new();

    [Fact]
    public void Deposit_moves_cash_from_the_external_source_to_available()
    {
        Assert.True(_ledger.Deposit(7, 5_000_000, reference: 1).Succeeded);

        Assert.Equal(5_000_000, _ledger.Balance(AccountId.CashAvailable(7)));
        Assert.Equal(-5_000_000, _ledger.Balance(AccountId.ExternalCash));
        Assert.Equal(5_000_000, _ledger.Supply(Asset.Cash));
        _ledger.AssertInvariants();
    }

    [Fact]
    public void Transfer_that_would_make_a_balance_negative_moves_nothing()
    {
        _ledger.Deposit(1, 100, 1);
        _ledger.ClearPostings();
        ReadOnlySpan<TransferLeg> legs =
        [
            new(AccountId.CashAvailable(1), AccountId.CashAvailable(2), 60, PostingReason.Trade),
            new(AccountId.CashAvailable(1), AccountId.Treasury, 60, PostingReason.Fee),
        ];

        var result = _ledger.Transfer(legs, reference: 9);

        Assert.Equal(TransferError.InsufficientBalance, result.Error);
        Assert.Equal(AccountId.CashAvailable(1), result.Account);
        Assert.Equal(40, result.Balance);
        Assert.Equal(100, _ledger.Balance(AccountId.CashAvailable(1)));
        Assert.Equal(0, _ledger.Balance(AccountId.CashAvailable(2)));
        Assert.Equal(0, _ledger.Balance(AccountId.Treasury));
        Assert.Equal(0, _ledger.PendingPostings.Length);
        _ledger.AssertInvariants();
    }

    [Fact]
    public void Only_source_accounts_may_go_negative()
    {
        Assert.True(_ledger.Emit(3, 1_000, PostingReason.Emission, 1).Succeeded);
        Assert.False(_ledger.Burn(3, 1_001, 2).Succeeded);
        Assert.False(_ledger.Withdraw(3, 1, 3).Succeeded);
        Assert.Equal(-1_000, _ledger.Balance(AccountId.Emission));
    }

    [Fact]
    public void Negative_amount_is_refused()
    {
        Assert.Equal(TransferError.InvalidAmount, _ledger.Deposit(1, -5, 1).Error);
        Assert.Equal(0, _ledger.Balance(AccountId.CashAvailable(1)));
    }

    [Fact]
    public void Job_settlement_pays_provider_net_and_treasury_the_fee()
    {
        _ledger.Deposit(1, 1_000_000, 1);

        Assert.True(_ledger.SettleJob(1, 2, amount: 400_000, fee: 10_000, reference: 77).Succeeded);

        Assert.Equal(600_000, _ledger.Balance(AccountId.CashAvailable(1)));
        Assert.Equal(390_000, _ledger.Balance(AccountId.CashAvailable(2)));
        Assert.Equal(10_000, _ledger.Balance(AccountId.Treasury));
        _ledger.AssertInvariants();
    }

    [Fact]
    public void Job_settlement_beyond_the_client_cash_moves_nothing()
    {
        _ledger.Deposit(1, 100, 1);
        Assert.False(_ledger.SettleJob(1, 2, 101, 1, 2).Succeeded);
        Assert.Equal(100, _ledger.Balance(AccountId.CashAvailable(1)));
    }

    [Fact]
    public void Lock_unlock_cycle_returns_xp_to_available()
    {
        _ledger.Emit(5, 1_000, PostingReason.Emission, 1);

        Assert.True(_ledger.Lock(5, 600, 2).Succeeded);
        Assert.True(_ledger.RequestUnlock(5, 400, 3).Succeeded);
        Assert.True(_ledger.CancelUnlock(5, 100, 4).Succeeded);
        Assert.True(_ledger.ReleaseUnlock(5, 300, 5).Succeeded);

        Assert.Equal(700, _ledger.Balance(AccountId.XpAvailable(5)));
        Assert.Equal(300, _ledger.Balance(AccountId.XpLocked(5)));
        Assert.Equal(0, _ledger.Balance(AccountId.XpUnlocking(5)));
        Assert.False(_ledger.RequestUnlock(5, 301, 6).Succeeded);
        _ledger.AssertInvariants();
    }

    [Fact]
    public void Burned_xp_goes_to_the_pool_and_comes_back_as_epoch_credit()
    {
        _ledger.Emit(1, 500, PostingReason.Emission, 1);
        _ledger.Burn(1, 200, 2);

        Assert.Equal(200, _ledger.Balance(AccountId.BurnPool));
        Assert.True(_ledger.CreditFromBurnPool(2, 150, 3).Succeeded);
        Assert.False(_ledger.CreditFromBurnPool(2, 51, 4).Succeeded);
        Assert.Equal(50, _ledger.Balance(AccountId.BurnPool));
        Assert.Equal(500, _ledger.Supply(Asset.Xp));
        _ledger.AssertInvariants();
    }

    [Fact]
    public void Postings_are_numbered_in_order_and_carry_reason_and_reference()
    {
        _ledger.Deposit(1, 10, 100);
        _ledger.Emit(1, 20, PostingReason.EpochCredit, 200);

        var postings = _ledger.PendingPostings.ToArray();
        Assert.Equal([1L, 2L], postings.Select(p => p.Sequence));
        Assert.Equal(new Posting(2, AccountId.Emission, AccountId.XpAvailable(1), 20, PostingReason.EpochCredit, 200), postings[1]);
        _ledger.ClearPostings();
        Assert.Equal(0, _ledger.PendingPostings.Length);
    }

    [Fact]
    public void Restored_balances_rebuild_the_same_state()
    {
        _ledger.Deposit(1, 10, 1);
        _ledger.Emit(2, 30, PostingReason.Emission, 2);
        _ledger.Lock(2, 5, 3);
        var copy = new AccountLedger();

        foreach (var (account, balance) in _ledger.Balances())
            copy.Restore(account, balance);

        Assert.Equal(_ledger.Balances(), copy.Balances());
        copy.AssertInvariants();
    }

    [Fact]
    public void Invariant_check_reports_an_unbalanced_asset()
    {
        _ledger.Restore(AccountId.CashAvailable(1), 10);
        Assert.Contains("Cash does not balance", _ledger.CheckInvariants());
        Assert.Throws<InvalidOperationException>(_ledger.AssertInvariants);
    }

    [Fact]
    public void Invalid_account_combination_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => _ledger.Balance(new AccountId(1, Asset.Cash, AccountKind.Locked)));
        Assert.Throws<ArgumentException>(() => _ledger.Balance(new AccountId(0, Asset.Xp, AccountKind.Available)));
    }
}
