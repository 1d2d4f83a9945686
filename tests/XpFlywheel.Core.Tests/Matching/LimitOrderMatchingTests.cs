using XpFlywheel.Core.Matching;

namespace XpFlywheel.Core.Tests.Matching;

public class LimitOrderMatchingTests : MarketTestBase
{
    [Fact]
    public void Bid_crossing_the_best_ask_fills_at_the_resting_price()
    {
        var ask = Rest(Bob, Side.Sell, 1.00m, 100);

        var result = Buy(Alice, 1.10m, 40);

        var fill = Assert.Single(result.Fills.ToArray());
        Assert.Equal(ask, fill.MakerOrderId);
        Assert.Equal(result.OrderId, fill.TakerOrderId);
        Assert.Equal(P(1.00m), fill.Price);
        Assert.Equal(40, fill.Quantity.Units);
        Assert.Equal(Side.Buy, fill.TakerSide);
        Assert.Equal(0, result.RestingQuantity.Units);
        Assert.True(Engine.TryGetOrder(ask, out var resting));
        Assert.Equal(60, resting.Remaining.Units);
    }

    [Fact]
    public void Orders_at_the_same_price_fill_oldest_first()
    {
        var first = Rest(Bob, Side.Sell, 1.00m, 10);
        var second = Rest(Carol, Side.Sell, 1.00m, 10);

        var result = Buy(Alice, 1.00m, 15);

        Assert.Equal([first, second], result.Fills.ToArray().Select(f => f.MakerOrderId));
        Assert.Equal([10L, 5L], result.Fills.ToArray().Select(f => f.Quantity.Units));
    }

    [Fact]
    public void Better_price_fills_before_older_orders()
    {
        Rest(Bob, Side.Sell, 1.01m, 10);
        var better = Rest(Carol, Side.Sell, 1.00m, 10);

        var result = Buy(Alice, 1.01m, 10);

        Assert.Equal(better, Assert.Single(result.Fills.ToArray()).MakerOrderId);
    }

    [Fact]
    public void Gtc_remainder_rests_on_the_book()
    {
        Rest(Bob, Side.Sell, 1.00m, 10);

        var result = Buy(Alice, 1.00m, 25);

        Assert.Equal(15, result.RestingQuantity.Units);
        Assert.Equal(P(1.00m), Engine.BestBid);
        Assert.Null(Engine.BestAsk);
    }

    [Fact]
    public void Ioc_remainder_is_cancelled_and_its_hold_released()
    {
        Rest(Bob, Side.Sell, 1.00m, 10);

        var result = Buy(Alice, 1.00m, 25, TimeInForce.Ioc);

        Assert.Equal(10, result.FilledQuantity.Units);
        var cancelled = Assert.Single(result.Cancelled.ToArray());
        Assert.Equal((15L, CancelReason.Expired), (cancelled.Remaining.Units, cancelled.Reason));
        Assert.Equal(0, CashHeld(Alice));
        Assert.Null(Engine.BestBid);
    }

    [Fact]
    public void Fok_order_that_cannot_fill_completely_is_rejected_without_trades()
    {
        Rest(Bob, Side.Sell, 1.00m, 10);
        Ledger.ClearPostings();

        var result = Buy(Alice, 1.00m, 11, TimeInForce.Fok);

        Assert.Equal(RejectReason.FokNotFillable, result.RejectReason);
        Assert.Empty(result.Fills.ToArray());
        Assert.Equal(0, Ledger.PendingPostings.Length);
        Assert.Equal(P(1.00m), Engine.BestAsk);
    }

    [Fact]
    public void Fok_order_that_can_fill_completely_trades_in_full()
    {
        Rest(Bob, Side.Sell, 1.00m, 10);
        Rest(Carol, Side.Sell, 1.01m, 10);

        var result = Buy(Alice, 1.01m, 20, TimeInForce.Fok);

        Assert.Equal(20, result.FilledQuantity.Units);
    }

    [Fact]
    public void Post_only_order_that_would_cross_is_rejected()
    {
        Rest(Bob, Side.Sell, 1.00m, 10);

        Assert.Equal(RejectReason.PostOnlyWouldCross, Buy(Alice, 1.00m, 5, postOnly: true).RejectReason);
        Assert.True(Buy(Alice, 0.99m, 5, postOnly: true).IsAccepted);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(MatchingEngine.MaxQuantity + 1)]
    public void Quantity_outside_one_to_the_maximum_is_refused(long quantity)
    {
        Assert.Equal(RejectReason.InvalidQuantity, Buy(Alice, 1.00m, quantity).RejectReason);
    }

    [Fact]
    public void Zero_price_limit_order_is_refused()
    {
        Assert.Equal(RejectReason.InvalidPrice, Buy(Alice, 0m, 1).RejectReason);
    }

    [Fact]
    public void Post_only_with_immediate_time_in_force_is_refused()
    {
        Assert.Equal(RejectReason.InvalidOrderType, Buy(Alice, 1m, 1, TimeInForce.Ioc, postOnly: true).RejectReason);
    }

    [Fact]
    public void Order_ids_increase_and_rejections_consume_none()
    {
        var first = Rest(Alice, Side.Buy, 1.00m, 1);
        Buy(Alice, 1.00m, 0);
        var second = Rest(Alice, Side.Buy, 1.00m, 1);

        Assert.Equal(first + 1, second);
    }
}
