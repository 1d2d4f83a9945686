using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching;

public class BookQueryTests : MarketTestBase
{
    [Fact]
    public void Depth_aggregates_orders_by_price_best_first()
    {
        Rest(Alice, Side.Buy, 1.00m, 5);
        Rest(Bob, Side.Buy, 1.00m, 7);
        Rest(Carol, Side.Buy, 0.99m, 3);
        Rest(Bob, Side.Sell, 1.02m, 4);
        Span<DepthLevel> levels = stackalloc DepthLevel[10];

        var bids = Engine.Depth(Side.Buy, levels);

        Assert.Equal(2, bids);
        Assert.Equal(new DepthLevel(P(1.00m), new Xp(12), 2), levels[0]);
        Assert.Equal(new DepthLevel(P(0.99m), new Xp(3), 1), levels[1]);
        Assert.Equal(1, Engine.Depth(Side.Sell, levels[..1]));
        Assert.Equal((P(1.00m), P(1.02m)), (Engine.BestBid!.Value, Engine.BestAsk!.Value));
    }

    [Fact]
    public void Queue_position_counts_orders_and_quantity_ahead_at_the_level()
    {
        Rest(Alice, Side.Sell, 1.00m, 5);
        Rest(Bob, Side.Sell, 1.00m, 7);
        var mine = Rest(Carol, Side.Sell, 1.00m, 3);

        Assert.Equal(new QueuePosition(2, new Xp(12)), Engine.QueuePositionOf(mine));
        Assert.Null(Engine.QueuePositionOf(12345));
    }

    [Fact]
    public void Open_orders_lists_the_operator_orders_in_arrival_order()
    {
        var a = Rest(Alice, Side.Buy, 1.00m, 5);
        Rest(Bob, Side.Buy, 1.00m, 5);
        var b = Rest(Alice, Side.Sell, 1.10m, 2);
        var orders = new List<OrderView>();

        Engine.OpenOrders(Alice, orders);

        Assert.Equal([a, b], orders.Select(o => o.OrderId));
        Assert.Equal(2 * 1, orders[1].Held);
    }
}
