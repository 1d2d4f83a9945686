using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching;

public class BandAndHaltTests : MarketTestBase
{
    [Fact]
    public void Limit_price_outside_the_band_is_refused()
    {
        Rest(Bob, Side.Sell, 1.00m, 1);
        Buy(Alice, 1.00m, 1); // last trade 1.00: band 0.80..1.20

        Assert.Equal(RejectReason.PriceOutsideBand, Buy(Alice, 0.7999m, 1).RejectReason);
        Assert.Equal(RejectReason.PriceOutsideBand, Sell(Bob, 1.2001m, 1).RejectReason);
        Assert.True(Buy(Alice, 0.80m, 1).IsAccepted);
        Assert.True(Sell(Bob, 1.20m, 1).IsAccepted);
    }

    [Fact]
    public void Band_is_centred_on_the_mid_before_any_trade()
    {
        Rest(Alice, Side.Buy, 0.90m, 1);
        Rest(Bob, Side.Sell, 1.10m, 1); // mid 1.00

        Assert.Equal(P(1.00m), Engine.ReferencePrice);
        Assert.Equal(RejectReason.PriceOutsideBand, Sell(Bob, 1.21m, 1).RejectReason);
    }

    [Fact]
    public void Without_a_reference_price_there_is_no_band()
    {
        Assert.Null(Engine.ReferencePrice);
        Assert.True(Buy(Alice, 0.01m, 1).IsAccepted);
        Assert.True(Buy(Alice, 9.00m, 1).IsAccepted);
    }

    [Fact]
    public void Band_moves_with_the_last_trade_price()
    {
        Engine.SetReferencePrice(P(1.00m));
        Rest(Bob, Side.Sell, 1.20m, 1);
        Buy(Alice, 1.20m, 1);

        Assert.True(Sell(Bob, 1.44m, 1).IsAccepted);
    }

    [Fact]
    public void Halted_market_refuses_new_orders_and_amends_but_allows_cancels()
    {
        var id = Rest(Alice, Side.Buy, 1.00m, 5);
        Engine.Halt();

        Assert.Equal(RejectReason.MarketHalted, Buy(Alice, 1.00m, 1).RejectReason);
        Assert.Equal(RejectReason.MarketHalted, Engine.Amend(new AmendOrder(id, Alice, new Xp(4))).RejectReason);
        Assert.True(Engine.Cancel(id, Alice).IsAccepted);
        Engine.Resume();
        Assert.True(Buy(Alice, 1.00m, 1).IsAccepted);
    }
}
