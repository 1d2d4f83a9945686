using CsCheck;
using XpFlywheel.Core.Ledger;

namespace XpFlywheel.Core.Tests.Ledger;

/// <summary>
/// A ledger that applies another's stored postings (a follower taking the leader's postings of the commands it does not
/// run) ends with the same balances and posting sequence, and refuses a posting out of its order.
/// </summary>
public class RecordedPostingTests
{
    [Fact]
    public void A_ledger_applying_another_ledgers_postings_in_order_ends_with_the_same_balances()
    {
        // One step per operation: (kind, operator, other operator, amount).
        var step = Gen.Select(Gen.Int[0, 9], Gen.Long[1, 6], Gen.Long[1, 6], Gen.Long[1, 5_000_000]);
        step.Array[1, 80].Sample(steps =>
        {
            var original = new AccountLedger();
            var follower = new AccountLedger();
            // Both start from the same restored state, as a follower's replica starts from the tables.
            original.Deposit(1, 1_000_000, 0);
            original.Emit(2, 10_000, PostingReason.Emission, 0);
            foreach (var posting in original.PendingPostings)
                follower.ApplyRecorded(posting);
            follower.ClearPostings();
            var reference = 1L;
            foreach (var (kind, a, b, amount) in steps)
            {
                original.ClearPostings();
                _ = kind switch
                {
                    0 => original.Deposit(a, amount, reference),
                    1 => original.Emit(a, amount % 50_000 + 1, PostingReason.Emission, reference),
                    2 => original.SettleJob(a, b, amount, amount / 40, reference),
                    3 => original.HoldForJob(a, amount, reference),
                    4 => original.Burn(a, amount % 20_000 + 1, reference),
                    5 => original.Lock(a, amount % 20_000 + 1, reference),
                    6 => original.RequestUnlock(a, amount % 20_000 + 1, reference),
                    7 => original.ReleaseUnlock(a, amount % 20_000 + 1, reference),
                    8 => original.Withdraw(a, amount, reference),
                    _ => original.CancelUnlock(a, amount % 20_000 + 1, reference),
                };
                reference++;
                foreach (var posting in original.PendingPostings)
                    follower.ApplyRecorded(posting);
                // The follower's own buffer holds what it applied, as its own postings would be.
                Assert.Equal(original.PendingPostings.ToArray(), follower.PendingPostings.ToArray());
                follower.ClearPostings();
            }

            Assert.Equal(original.NextPostingSequence, follower.NextPostingSequence);
            for (var owner = 1L; owner <= 6; owner++)
            {
                foreach (var account in new[] { AccountId.CashAvailable(owner), AccountId.CashHeld(owner), AccountId.XpAvailable(owner),
                             AccountId.XpHeld(owner), AccountId.XpLocked(owner), AccountId.XpUnlocking(owner) })
                    Assert.Equal(original.Balance(account), follower.Balance(account));
            }
            Assert.Equal(original.Balance(AccountId.Treasury), follower.Balance(AccountId.Treasury));
            Assert.Equal(original.Balance(AccountId.ExternalCash), follower.Balance(AccountId.ExternalCash));
            follower.AssertInvariants();
        });
    }

    [Fact]
    public void A_recorded_posting_out_of_its_order_is_refused_and_moves_nothing()
    {
        var original = new AccountLedger();
        original.Deposit(1, 500, 1);
        original.Deposit(2, 700, 2);
        var postings = original.PendingPostings.ToArray();
        var follower = new AccountLedger();

        Assert.Throws<ArgumentException>(() => follower.ApplyRecorded(postings[1]));
        Assert.Equal(0, follower.Balance(AccountId.CashAvailable(2)));
        Assert.Equal(1, follower.NextPostingSequence);

        follower.ApplyRecorded(postings[0]);
        Assert.Throws<ArgumentException>(() => follower.ApplyRecorded(postings[0]));
        Assert.Equal(500, follower.Balance(AccountId.CashAvailable(1)));
        Assert.Equal(2, follower.NextPostingSequence);
    }

    [Fact]
    public void A_recorded_posting_between_two_assets_is_refused_and_moves_nothing()
    {
        var follower = new AccountLedger();
        var crossed = new Posting(1, AccountId.ExternalCash, AccountId.XpAvailable(1), 100, PostingReason.Deposit, 0);

        Assert.Throws<ArgumentException>(() => follower.ApplyRecorded(crossed));
        Assert.Equal(0, follower.Balance(AccountId.XpAvailable(1)));
        Assert.Equal(1, follower.NextPostingSequence);
    }
}
