using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Otc;

/// <summary>The OTC desk's rules: band, self-dealing, minimum fill, private offers, holds and atomic settlement.</summary>
public class OtcRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly Price Reference = new(200);   // $0.0200

    [Theory]
    [InlineData(100, OtcRefusal.None)]      // −50%: the edge is inside
    [InlineData(300, OtcRefusal.None)]      // +50%
    [InlineData(99, OtcRefusal.OutsideBand)]
    [InlineData(301, OtcRefusal.OutsideBand)]
    [InlineData(0, OtcRefusal.InvalidPrice)]
    public void Otc_prices_must_lie_within_the_band_around_the_reference(long ticks, OtcRefusal expected) =>
        Assert.Equal(expected, OtcRules.CheckPrice(new Price(ticks), Reference, OtcParameters.Default));

    [Fact]
    public void The_band_is_an_admin_parameter()
    {
        var narrow = OtcParameters.Default with { BandBps = 1_000 };
        Assert.Equal(OtcRefusal.OutsideBand, OtcRules.CheckPrice(new Price(230), Reference, narrow));
        Assert.Equal(OtcRefusal.None, OtcRules.CheckPrice(new Price(220), Reference, narrow));
    }

    [Fact]
    public void Without_a_reference_price_no_otc_price_is_accepted() =>
        Assert.Equal(OtcRefusal.NoReferencePrice, OtcRules.CheckPrice(new Price(200), null, OtcParameters.Default));

    [Fact]
    public void Self_dealing_is_refused_on_take_and_as_a_named_counterparty()
    {
        Assert.Equal(OtcRefusal.SelfDealing, OtcRules.CheckTake(1, null, 100, 10, 1, 50));
        Assert.Equal(OtcRefusal.SelfDealing, OtcRules.CheckOffer(1, Reference, 100, 10, Now.AddHours(1), 1, Reference, Now, OtcParameters.Default));
    }

    [Fact]
    public void A_take_must_be_at_least_the_minimum_fill_unless_less_is_left()
    {
        Assert.Equal(OtcRefusal.BelowMinimumFill, OtcRules.CheckTake(1, null, 100, 40, 2, 39));
        Assert.Equal(OtcRefusal.None, OtcRules.CheckTake(1, null, 100, 40, 2, 40));
        Assert.Equal(OtcRefusal.None, OtcRules.CheckTake(1, null, 30, 40, 2, 30));
        Assert.Equal(OtcRefusal.AboveRemaining, OtcRules.CheckTake(1, null, 30, 40, 2, 31));
    }

    [Fact]
    public void A_private_offer_can_be_taken_only_by_its_counterparty()
    {
        Assert.Equal(OtcRefusal.NotTheCounterparty, OtcRules.CheckTake(1, 3, 100, 1, 2, 10));
        Assert.Equal(OtcRefusal.None, OtcRules.CheckTake(1, 3, 100, 1, 3, 10));
    }

    [Fact]
    public void An_offer_needs_a_minimum_fill_within_its_quantity_and_a_future_expiry()
    {
        var p = OtcParameters.Default;
        Assert.Equal(OtcRefusal.InvalidMinimumFill, OtcRules.CheckOffer(1, Reference, 100, 101, Now.AddHours(1), null, Reference, Now, p));
        Assert.Equal(OtcRefusal.InvalidMinimumFill, OtcRules.CheckOffer(1, Reference, 100, 0, Now.AddHours(1), null, Reference, Now, p));
        Assert.Equal(OtcRefusal.InvalidQuantity, OtcRules.CheckOffer(1, Reference, 0, 1, Now.AddHours(1), null, Reference, Now, p));
        Assert.Equal(OtcRefusal.InvalidExpiry, OtcRules.CheckOffer(1, Reference, 100, 1, Now, null, Reference, Now, p));
        Assert.Equal(OtcRefusal.None, OtcRules.CheckOffer(1, Reference, 100, 1, Now.AddSeconds(1), null, Reference, Now, p));
    }

    [Fact]
    public void A_buy_offer_holds_price_times_quantity_plus_the_largest_fee_exactly_as_an_order_does()
    {
        var p = OtcParameters.Default with { MakerFeeBps = 10, TakerFeeBps = 10 };
        var market = MarketParameters.Default with { MakerFeeBps = 10, TakerFeeBps = 10 };
        Assert.Equal(market.BuyHoldPerXp(new Price(333)), OtcRules.BuyHoldPerXp(new Price(333), p));
        Assert.Equal(1, OtcRules.UnitHold(Side.Sell, new Price(333), p));
    }

    [Fact]
    public void Holds_are_exact_on_post_partial_take_and_cancel()
    {
        var ledger = Funded();
        var p = OtcParameters.Default;
        var price = new Price(250);
        var unit = OtcRules.BuyHoldPerXp(price, p);
        Assert.True(ledger.HoldForOtc(1, Side.Buy, 1_000 * unit, 1).Succeeded);
        Assert.Equal(1_000 * unit, ledger.Balance(AccountId.OtcCashEscrow));
        Assert.Equal(1_000_000_000 - 1_000 * unit, ledger.Balance(AccountId.CashAvailable(1)));

        var fill = OtcRules.Fill(1, 2, Side.Buy, price, 400, p);
        Assert.True(ledger.SettleOtcOffer(fill, 400 * unit, 1).Succeeded);
        Assert.Equal(600 * unit, ledger.Balance(AccountId.OtcCashEscrow));

        Assert.True(ledger.ReleaseOtc(1, Side.Buy, 600 * unit, 1).Succeeded);
        Assert.Equal(0, ledger.Balance(AccountId.OtcCashEscrow));
        // The buyer paid exactly the notional and its (zero) maker fee; the seller paid the taker fee.
        Assert.Equal(1_000_000_000 - fill.NotionalMicros - fill.MakerFeeMicros, ledger.Balance(AccountId.CashAvailable(1)));
        Assert.Equal(1_000_000_000 + fill.NotionalMicros - fill.TakerFeeMicros, ledger.Balance(AccountId.CashAvailable(2)));
        Assert.Equal(fill.MakerFeeMicros + fill.TakerFeeMicros, ledger.Balance(AccountId.Treasury));
        Assert.Null(ledger.CheckInvariants());
    }

    [Fact]
    public void Settlement_is_atomic_when_the_taker_lacks_the_cash_nothing_moves()
    {
        var ledger = new AccountLedger();
        ledger.Emit(1, 1_000, PostingReason.Emission, 0);
        ledger.Deposit(2, 1_000, 0);   // far too little cash for 500 XP at $0.025
        Assert.True(ledger.HoldForOtc(1, Side.Sell, 1_000, 1).Succeeded);
        var before = ledger.Balances().ToList();

        var fill = OtcRules.Fill(1, 2, Side.Sell, new Price(250), 500, OtcParameters.Default);
        var result = ledger.SettleOtcOffer(fill, 500, 1);

        Assert.False(result.Succeeded);
        Assert.Equal(AccountId.CashAvailable(2), result.Account);
        Assert.Equal(before, ledger.Balances().ToList());
    }

    [Fact]
    public void A_quote_is_refused_when_the_quoter_no_longer_has_the_funds_and_nothing_moves()
    {
        var ledger = Funded();
        ledger.Burn(1, 1_000_000, 0);   // the quoter sold all its XP elsewhere
        var before = ledger.Balances().ToList();
        var fill = OtcRules.Fill(1, 2, Side.Sell, new Price(250), 500, OtcParameters.Default);

        var result = ledger.SettleOtcQuote(fill, 1);

        Assert.False(result.Succeeded);
        Assert.Equal(AccountId.XpAvailable(1), result.Account);
        Assert.Equal(before, ledger.Balances().ToList());
    }

    [Fact]
    public void An_accepted_quote_moves_both_sides_and_the_fees_at_once()
    {
        var ledger = Funded();
        var p = OtcParameters.Default with { MakerFeeBps = 5 };
        var fill = OtcRules.Fill(1, 2, Side.Sell, new Price(250), 500, p);
        Assert.True(ledger.SettleOtcQuote(fill, 1).Succeeded);
        Assert.Equal(1_000_500, ledger.Balance(AccountId.XpAvailable(2)));
        Assert.Equal(999_500, ledger.Balance(AccountId.XpAvailable(1)));
        Assert.Equal(1_000_000_000 + fill.NotionalMicros - fill.MakerFeeMicros, ledger.Balance(AccountId.CashAvailable(1)));
        Assert.Equal(1_000_000_000 - fill.NotionalMicros - fill.TakerFeeMicros, ledger.Balance(AccountId.CashAvailable(2)));
        Assert.Equal(fill.MakerFeeMicros + fill.TakerFeeMicros, ledger.Balance(AccountId.Treasury));
        Assert.Null(ledger.CheckInvariants());
    }

    [Fact]
    public void Otc_fees_default_to_maker_zero_and_taker_ten_bps_rounded_up()
    {
        var fill = OtcRules.Fill(1, 2, Side.Sell, new Price(1), 3, OtcParameters.Default);   // notional 300 micros
        Assert.Equal(0, fill.MakerFeeMicros);
        Assert.Equal(1, fill.TakerFeeMicros);
    }

    private static AccountLedger Funded()
    {
        var ledger = new AccountLedger();
        for (long op = 1; op <= 3; op++)
        {
            ledger.Deposit(op, 1_000_000_000, 0);
            ledger.Emit(op, 1_000_000, PostingReason.Emission, 0);
        }
        return ledger;
    }
}
