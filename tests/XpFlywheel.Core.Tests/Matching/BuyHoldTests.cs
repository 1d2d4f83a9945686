using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching;

// Maker above taker, so the hold must take the larger of the two fees.
public class BuyHoldTests() : MarketTestBase(Parameters)
{
    private static readonly MarketParameters Parameters = new(MakerFeeBps: 30, TakerFeeBps: 10, BandBps: 2_000);

    [Fact]
    public void Buy_holds_quantity_times_the_hold_per_xp_at_the_larger_fee()
    {
        Buy(Alice, 1.2345m, 100);

        // 1,234,500 micros per XP plus 0.30% of it (3,703.5) rounded up to 3,704.
        Assert.Equal(1_234_500 + 3_704, Parameters.BuyHoldPerXp(P(1.2345m)));
        Assert.Equal(100 * Parameters.BuyHoldPerXp(P(1.2345m)), CashHeld(Alice));
    }

    [Theory]
    [InlineData(0.0001)]
    [InlineData(0.0137)]
    [InlineData(1.2345)]
    [InlineData(99.9999)]
    public void Largest_limit_buy_an_account_can_pay_is_its_cash_over_the_hold_per_xp(decimal price)
    {
        var largest = StartCash / Parameters.BuyHoldPerXp(P(price));

        Assert.Equal(RejectReason.InsufficientCash, Buy(Alice, price, largest + 1).RejectReason);
        Assert.True(Buy(Alice, price, largest).IsAccepted);
    }

    [Fact]
    public void Market_buy_holds_at_the_band_edge_above_the_reference()
    {
        Engine.SetReferencePrice(P(1.00m));
        Rest(Bob, Side.Sell, 1.00m, 10);
        var edge = Parameters.MarketOrderLimit(Side.Buy, P(1.00m));
        var largest = StartCash / Parameters.BuyHoldPerXp(edge);

        Assert.Equal(P(1.20m), edge);
        Assert.Equal(RejectReason.InsufficientCash, MarketBuy(Alice, largest + 1).RejectReason);
        Assert.True(MarketBuy(Alice, largest).IsAccepted);
    }

    [Fact]
    public void Market_sell_sweeps_down_to_the_band_edge_and_never_below_one_tick()
    {
        Assert.Equal(P(0.80m), Parameters.MarketOrderLimit(Side.Sell, P(1.00m)));
        Assert.Equal(new Price(1), (Parameters with { BandBps = 10_000 }).MarketOrderLimit(Side.Sell, new Price(1)));
    }

    [Fact]
    public void Validate_names_every_out_of_range_parameter_and_agrees_with_IsValid()
    {
        var broken = new MarketParameters(MakerFeeBps: -1, TakerFeeBps: 1_001, BandBps: 0, (SelfTradePrevention)99);

        Assert.Equal(4, broken.Validate().Count);
        Assert.False(broken.IsValid);
        Assert.Empty(Parameters.Validate());
        Assert.True(Parameters.IsValid);
    }
}
