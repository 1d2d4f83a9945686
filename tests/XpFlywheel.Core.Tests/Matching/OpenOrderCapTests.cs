using XpFlywheel.Core.Matching;

namespace XpFlywheel.Core.Tests.Matching;

public class OpenOrderCapTests() : MarketTestBase(MarketParameters.Default with { MaxOpenOrders = 3 })
{
    [Fact]
    public void Resting_order_beyond_the_cap_is_refused_and_changes_nothing()
    {
        for (var i = 0; i < 3; i++)
            Rest(Alice, Side.Buy, 0.95m + i * 0.01m, 5);
        var cash = Cash(Alice);

        var result = Buy(Alice, 0.98m, 5);

        Assert.Equal(RejectReason.TooManyOpenOrders, result.RejectReason);
        Assert.Equal(3, Engine.OpenOrderCount(Alice));
        Assert.Equal(cash, Cash(Alice));
        Assert.Equal(P(0.97m), Engine.BestBid);
        AssertInvariants();
    }

    [Fact]
    public void Cap_counts_each_operator_apart_and_frees_a_place_on_cancel()
    {
        var first = Rest(Alice, Side.Buy, 0.95m, 5);
        Rest(Alice, Side.Buy, 0.96m, 5);
        Rest(Alice, Side.Buy, 0.97m, 5);

        Assert.True(Buy(Bob, 0.94m, 5).IsAccepted);
        Checked(Engine.Cancel(first, Alice));
        Assert.True(Buy(Alice, 0.98m, 5).IsAccepted);
        Assert.Equal(3, Engine.OpenOrderCount(Alice));
    }

    [Fact]
    public void Order_that_cannot_rest_is_not_refused_by_the_cap()
    {
        for (var i = 0; i < 3; i++)
            Rest(Alice, Side.Buy, 0.95m + i * 0.01m, 5);
        Rest(Bob, Side.Sell, 1.00m, 5);

        var result = Buy(Alice, 1.00m, 5, TimeInForce.Ioc);

        Assert.Equal(5, result.FilledQuantity.Units);
    }
}
