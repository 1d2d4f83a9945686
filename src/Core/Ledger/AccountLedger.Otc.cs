using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;

namespace XpFlywheel.Core.Ledger;

// The OTC desk's transfers. Offers hold in the OTC escrow accounts (not the operator's Held accounts, which are the
// order book's alone and always equal what its resting orders reserve); each offer's share is in its own row.
public sealed partial class AccountLedger
{
    /// <summary>An offer's hold: a sell holds XP, a buy cash (price × quantity + the largest OTC fee), available → OTC escrow.</summary>
    public TransferResult HoldForOtc(long operatorId, Side side, long amount, long reference) => side == Side.Sell
        ? Move(AccountId.XpAvailable(operatorId), AccountId.OtcXpEscrow, amount, PostingReason.OtcHold, reference)
        : Move(AccountId.CashAvailable(operatorId), AccountId.OtcCashEscrow, amount, PostingReason.OtcHold, reference);

    /// <summary>Gives back an offer's unused hold (cancel, expiry): OTC escrow → available.</summary>
    public TransferResult ReleaseOtc(long operatorId, Side side, long amount, long reference) => side == Side.Sell
        ? Move(AccountId.OtcXpEscrow, AccountId.XpAvailable(operatorId), amount, PostingReason.OtcRelease, reference)
        : Move(AccountId.OtcCashEscrow, AccountId.CashAvailable(operatorId), amount, PostingReason.OtcRelease, reference);

    /// <summary>
    /// Settles a take of a posted offer in one transfer: the maker pays from its hold (<paramref name="holdUsed"/>, its
    /// unused rest going back to available), the taker from its available balances; fees go to the treasury. All or
    /// nothing: when the taker lacks the cash or XP, nothing moves and the result names the account.
    /// </summary>
    public TransferResult SettleOtcOffer(OtcFill fill, long holdUsed, long reference)
    {
        if (fill.MakerSide == Side.Sell)
        {
            ReadOnlySpan<TransferLeg> sell =
            [
                new(AccountId.CashAvailable(fill.TakerId), AccountId.CashAvailable(fill.MakerId), fill.NotionalMicros, PostingReason.OtcTrade),
                new(AccountId.CashAvailable(fill.TakerId), AccountId.Treasury, fill.TakerFeeMicros, PostingReason.Fee),
                new(AccountId.OtcXpEscrow, AccountId.XpAvailable(fill.TakerId), fill.Quantity, PostingReason.OtcTrade),
                new(AccountId.CashAvailable(fill.MakerId), AccountId.Treasury, fill.MakerFeeMicros, PostingReason.Fee),
            ];
            return holdUsed != fill.Quantity ? new TransferResult(TransferError.InvalidAmount, AccountId.OtcXpEscrow, 0, holdUsed) : Transfer(sell, reference);
        }
        var release = holdUsed - fill.NotionalMicros - fill.MakerFeeMicros;
        if (release < 0)
            return new TransferResult(TransferError.InvalidAmount, AccountId.OtcCashEscrow, holdUsed, fill.NotionalMicros + fill.MakerFeeMicros);
        ReadOnlySpan<TransferLeg> buy =
        [
            new(AccountId.XpAvailable(fill.TakerId), AccountId.XpAvailable(fill.MakerId), fill.Quantity, PostingReason.OtcTrade),
            new(AccountId.OtcCashEscrow, AccountId.CashAvailable(fill.TakerId), fill.NotionalMicros, PostingReason.OtcTrade),
            new(AccountId.CashAvailable(fill.TakerId), AccountId.Treasury, fill.TakerFeeMicros, PostingReason.Fee),
            new(AccountId.OtcCashEscrow, AccountId.Treasury, fill.MakerFeeMicros, PostingReason.Fee),
            new(AccountId.OtcCashEscrow, AccountId.CashAvailable(fill.MakerId), release, PostingReason.OtcRelease),
        ];
        return Transfer(buy, reference);
    }

    /// <summary>
    /// Settles an accepted quote in one transfer, both sides from their available balances (quotes hold nothing):
    /// XP from seller to buyer, the notional from buyer to seller, each side's fee to the treasury. All or nothing:
    /// when either side no longer has the funds, nothing moves and the result names the account that fell short.
    /// </summary>
    public TransferResult SettleOtcQuote(OtcFill fill, long reference)
    {
        ReadOnlySpan<TransferLeg> legs =
        [
            new(AccountId.XpAvailable(fill.SellerId), AccountId.XpAvailable(fill.BuyerId), fill.Quantity, PostingReason.OtcTrade),
            new(AccountId.CashAvailable(fill.BuyerId), AccountId.CashAvailable(fill.SellerId), fill.NotionalMicros, PostingReason.OtcTrade),
            new(AccountId.CashAvailable(fill.TakerId), AccountId.Treasury, fill.TakerFeeMicros, PostingReason.Fee),
            new(AccountId.CashAvailable(fill.MakerId), AccountId.Treasury, fill.MakerFeeMicros, PostingReason.Fee),
        ];
        return Transfer(legs, reference);
    }
}
