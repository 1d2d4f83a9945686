using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching;

public class RestoreTests : MarketTestBase
{
    [Fact]
    public void Restored_engine_continues_identically()
    {
        Rest(Alice, Side.Buy, 0.99m, 5);
        Rest(Bob, Side.Buy, 0.99m, 7);
        Rest(Carol, Side.Sell, 1.01m, 9);
        Buy(Alice, 1.01m, 2);
        Rest(Bob, Side.Sell, 1.02m, 4);

        var (ledger, engine) = Rebuild();

        Assert.Null(engine.CheckInvariants());
        Assert.Equal(Engine.State, engine.State);
        var next = PlaceOrder.Market(Carol, Side.Sell, new Xp(8));
        var expected = Engine.Place(next).Fills.ToArray();
        var actual = engine.Place(next).Fills.ToArray();
        Assert.Equal(expected, actual);
        Assert.Equal(Ledger.Balances(), ledger.Balances());
        Assert.Equal(Engine.Place(PlaceOrder.Limit(Alice, Side.Buy, P(1m), new Xp(1))).OrderId,
            engine.Place(PlaceOrder.Limit(Alice, Side.Buy, P(1m), new Xp(1))).OrderId);
    }

    private (AccountLedger, MatchingEngine) Rebuild()
    {
        var ledger = new AccountLedger();
        foreach (var (account, balance) in Ledger.Balances())
            ledger.Restore(account, balance);
        var engine = new MatchingEngine(ledger);
        var orders = new List<OrderView>();
        Engine.CopyOrders(orders);
        foreach (var order in orders.OrderBy(o => o.Sequence))
            engine.RestoreOrder(order);
        engine.RestoreState(Engine.State);
        return (ledger, engine);
    }
}
