using XpFlywheel.Core.Matching;

namespace XpFlywheel.Core.Tests.Matching;

public class SelfTradePreventionTests : MarketTestBase
{
    private void Use(SelfTradePrevention mode) =>
        Engine.SetParameters(MarketParameters.Default with { SelfTradePrevention = mode });

    [Fact]
    public void Self_trade_cancels_the_resting_order_by_default()
    {
        var own = Rest(Alice, Side.Sell, 1.00m, 10);
        var other = Rest(Bob, Side.Sell, 1.00m, 10);

        var result = Buy(Alice, 1.00m, 10);

        var cancelled = Assert.Single(result.Cancelled.ToArray());
        Assert.Equal((own, CancelReason.SelfTradePrevention), (cancelled.OrderId, cancelled.Reason));
        Assert.Equal(other, Assert.Single(result.Fills.ToArray()).MakerOrderId);
        Assert.Equal(0, XpHeld(Alice));
    }

    [Fact]
    public void Self_trade_in_cancel_incoming_mode_cancels_the_incoming_remainder()
    {
        Use(SelfTradePrevention.CancelIncoming);
        Rest(Bob, Side.Sell, 0.99m, 5);
        var own = Rest(Alice, Side.Sell, 1.00m, 10);

        var result = Buy(Alice, 1.00m, 20);

        Assert.Equal(5, result.FilledQuantity.Units);
        var cancelled = Assert.Single(result.Cancelled.ToArray());
        Assert.Equal((result.OrderId, 15L, CancelReason.SelfTradePrevention), (cancelled.OrderId, cancelled.Remaining.Units, cancelled.Reason));
        Assert.True(Engine.TryGetOrder(own, out _));
        Assert.Equal(0, CashHeld(Alice));
        Assert.Null(Engine.BestBid);
    }

    [Fact]
    public void Self_trade_in_cancel_both_mode_cancels_both_orders()
    {
        Use(SelfTradePrevention.CancelBoth);
        var own = Rest(Alice, Side.Sell, 1.00m, 10);

        var result = Buy(Alice, 1.00m, 20);

        Assert.Equal([own, result.OrderId], result.Cancelled.ToArray().Select(c => c.OrderId));
        Assert.Empty(result.Fills.ToArray());
        Assert.Equal(0, Engine.OrderCount);
    }

    [Fact]
    public void Fok_counts_only_liquidity_self_trade_prevention_leaves_tradable()
    {
        Rest(Alice, Side.Sell, 1.00m, 10);
        Rest(Bob, Side.Sell, 1.00m, 5);

        Assert.Equal(RejectReason.FokNotFillable, Buy(Alice, 1.00m, 10, TimeInForce.Fok).RejectReason);
        Assert.Equal(2, Engine.OrderCount);
    }
}
