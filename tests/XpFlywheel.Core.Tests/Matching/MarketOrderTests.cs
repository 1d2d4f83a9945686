using XpFlywheel.Core.Matching;

namespace XpFlywheel.Core.Tests.Matching;

public class MarketOrderTests : MarketTestBase
{
    [Fact]
    public void Market_order_sweeps_no_further_than_the_band_edge()
    {
        Engine.SetReferencePrice(P(1.00m));
        Rest(Bob, Side.Sell, 1.00m, 10);
        Rest(Bob, Side.Sell, 1.20m, 10);
        Rest(Carol, Side.Sell, 1.19m, 1);
        Engine.SetParameters(MarketParameters.Default with { BandBps = 1_000 });

        var result = MarketBuy(Alice, 30);

        Assert.Equal([P(1.00m)], result.Fills.ToArray().Select(f => f.Price));
        Assert.Equal(20, Assert.Single(result.Cancelled.ToArray()).Remaining.Units);
        Assert.Equal(0, CashHeld(Alice));
    }

    [Fact]
    public void Market_buy_holds_by_the_band_limit_price()
    {
        Engine.SetReferencePrice(P(1.00m));
        Rest(Bob, Side.Sell, 1.00m, 10_000);
        Ledger.Withdraw(Alice, StartCash - 100 * UnitHold(1.10m), 0);

        Assert.Equal(RejectReason.InsufficientCash, MarketBuy(Alice, 100).RejectReason); // band edge is 1.20
        Assert.True(MarketBuy(Alice, 90).IsAccepted);
    }

    [Fact]
    public void Market_order_with_no_liquidity_is_rejected()
    {
        Assert.Equal(RejectReason.NoLiquidity, MarketBuy(Alice, 1).RejectReason);
        Assert.Equal(RejectReason.NoLiquidity, MarketSell(Alice, 1).RejectReason);
    }

    [Fact]
    public void Market_order_trades_at_resting_prices_and_cancels_the_rest()
    {
        Rest(Bob, Side.Buy, 1.00m, 5);
        Rest(Carol, Side.Buy, 0.95m, 5);

        var result = MarketSell(Alice, 12);

        Assert.Equal([P(1.00m), P(0.95m)], result.Fills.ToArray().Select(f => f.Price));
        Assert.Equal(CancelReason.Expired, Assert.Single(result.Cancelled.ToArray()).Reason);
        Assert.Equal(StartXp - 10, XpOf(Alice));
    }

    [Fact]
    public void Market_fok_that_cannot_fill_is_rejected_without_trades()
    {
        Rest(Bob, Side.Sell, 1.00m, 5);

        Assert.Equal(RejectReason.FokNotFillable, MarketBuy(Alice, 6, TimeInForce.Fok).RejectReason);
        Assert.Equal(5, MarketBuy(Alice, 5, TimeInForce.Fok).FilledQuantity.Units);
    }
}
