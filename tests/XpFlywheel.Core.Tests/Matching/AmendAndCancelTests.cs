using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching;

public class AmendAndCancelTests : MarketTestBase
{
    private CommandResult Amend(long id, long op, long? quantity = null, decimal? price = null) =>
        Checked(Engine.Amend(new AmendOrder(id, op, quantity is { } q ? new Xp(q) : null, price is { } p ? P(p) : null)));

    [Fact]
    public void Quantity_decrease_keeps_time_priority()
    {
        var first = Rest(Bob, Side.Sell, 1.00m, 10);
        Rest(Carol, Side.Sell, 1.00m, 10);

        Assert.True(Amend(first, Bob, quantity: 4).IsAccepted);

        Assert.Equal(new QueuePosition(0, Xp.Zero), Engine.QueuePositionOf(first));
        Assert.Equal(4, XpHeld(Bob));
        Assert.Equal(StartXp - 4, XpOf(Bob));
    }

    [Fact]
    public void Quantity_increase_loses_time_priority()
    {
        var first = Rest(Bob, Side.Sell, 1.00m, 10);
        Rest(Carol, Side.Sell, 1.00m, 10);

        Amend(first, Bob, quantity: 11);

        Assert.Equal(new QueuePosition(1, new Xp(10)), Engine.QueuePositionOf(first));
        Assert.Equal(11, XpHeld(Bob));
    }

    [Fact]
    public void Price_change_loses_time_priority_and_keeps_the_order_id()
    {
        var first = Rest(Alice, Side.Buy, 1.00m, 10);
        Rest(Carol, Side.Buy, 1.01m, 10);

        Amend(first, Alice, price: 1.01m);

        Assert.Equal(new QueuePosition(1, new Xp(10)), Engine.QueuePositionOf(first));
        Assert.Equal(10 * UnitHold(1.01m), CashHeld(Alice));
    }

    [Fact]
    public void Amend_to_a_crossing_price_trades_at_once()
    {
        var ask = Rest(Bob, Side.Sell, 1.00m, 10);
        var bid = Rest(Alice, Side.Buy, 0.95m, 4);

        var result = Amend(bid, Alice, price: 1.00m);

        var fill = Assert.Single(result.Fills.ToArray());
        Assert.Equal((ask, bid, 4L), (fill.MakerOrderId, fill.TakerOrderId, fill.Quantity.Units));
        Assert.False(Engine.TryGetOrder(bid, out _));
    }

    [Fact]
    public void Refused_amend_leaves_the_order_unchanged()
    {
        var id = Rest(Alice, Side.Buy, 1.00m, 10);
        Ledger.Withdraw(Alice, Cash(Alice), 0);

        Assert.Equal(RejectReason.InsufficientCash, Amend(id, Alice, quantity: 11).RejectReason);
        Assert.True(Engine.TryGetOrder(id, out var order));
        Assert.Equal((10L, P(1.00m)), (order.Remaining.Units, order.Price));
        Assert.Equal(RejectReason.NotOrderOwner, Amend(id, Bob, quantity: 5).RejectReason);
        Assert.Equal(RejectReason.UnknownOrder, Amend(999, Alice, quantity: 5).RejectReason);
    }

    [Fact]
    public void Cancel_by_someone_other_than_the_owner_is_refused()
    {
        var id = Rest(Alice, Side.Buy, 1.00m, 10);

        Assert.Equal(RejectReason.NotOrderOwner, Engine.Cancel(id, Bob).RejectReason);
        Assert.True(Engine.TryGetOrder(id, out _));
    }

    [Fact]
    public void Cancel_of_an_order_not_resting_is_refused_as_unknown()
    {
        Assert.Equal(RejectReason.UnknownOrder, Engine.Cancel(42, Alice).RejectReason);
    }

    [Fact]
    public void Cancel_all_cancels_every_order_of_the_operator_oldest_first()
    {
        var a = Rest(Alice, Side.Buy, 1.00m, 1);
        var b = Rest(Alice, Side.Sell, 1.10m, 1);
        var other = Rest(Bob, Side.Buy, 1.00m, 1);

        var result = Checked(Engine.CancelAll(Alice));

        Assert.Equal([a, b], result.Cancelled.ToArray().Select(c => c.OrderId));
        Assert.Equal(1, Engine.OrderCount);
        Assert.True(Engine.TryGetOrder(other, out _));
    }

    [Fact]
    public void Cancel_all_up_to_an_order_id_leaves_the_newer_orders_resting_with_their_holds()
    {
        var older = Rest(Alice, Side.Buy, 1.00m, 1);
        var amended = Rest(Alice, Side.Sell, 1.10m, 1);
        var newer = Rest(Alice, Side.Buy, 0.90m, 2);
        Amend(amended, Alice, price: 1.20m);    // re-queued after the newer one, but placed before it

        var result = Checked(Engine.CancelAll(Alice, CancelReason.CancelAfter, upToOrderId: amended));

        Assert.Equal([older, amended], result.Cancelled.ToArray().Select(c => c.OrderId).Order());
        Assert.True(Engine.TryGetOrder(newer, out var resting));
        Assert.Equal(2, resting.Remaining.Units);
        Assert.Equal(resting.Held, CashHeld(Alice));
        Assert.Equal(0, XpHeld(Alice));
    }
}
