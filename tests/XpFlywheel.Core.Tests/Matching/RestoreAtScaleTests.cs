using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching;

/// <summary>
/// Every pre-sized structure on the restore and matching paths (ledger slots, order pool, order index, price
/// levels, client order ids) grows correctly: an engine built with the smallest capacity restores a book far larger.
/// </summary>
public class RestoreAtScaleTests
{
    private const int Operators = 1_000;
    private const int OrdersPerOperator = 6;

    [Fact]
    public void Engine_restores_more_resting_orders_than_its_initial_capacity()
    {
        var (ledger, engine) = BuildLargeBook();
        Assert.Equal(Operators * OrdersPerOperator, engine.OrderCount);

        var restoredLedger = new AccountLedger();
        foreach (var (account, balance) in ledger.Balances())
            restoredLedger.Restore(account, balance);
        var restored = new MatchingEngine(restoredLedger, orderCapacity: 1);
        var orders = new List<OrderView>();
        engine.CopyOrders(orders);
        foreach (var order in orders.OrderBy(o => o.Sequence))
            restored.RestoreOrder(order);
        restored.RestoreState(engine.State);

        Assert.Null(restored.CheckInvariants());
        Assert.Equal(engine.OrderCount, restored.OrderCount);
        Assert.Equal(ledger.Balances(), restoredLedger.Balances());
        Span<DepthLevel> expected = new DepthLevel[5_000], actual = new DepthLevel[5_000];
        foreach (var side in new[] { Side.Buy, Side.Sell })
        {
            var count = engine.Depth(side, expected);
            Assert.True(count > 256, "the book should span more price levels than a side starts with");
            Assert.Equal(count, restored.Depth(side, actual));
            Assert.True(expected[..count].SequenceEqual(actual[..count]));
        }

        // Both continue identically: a sweep through many levels gives the same fills and balances.
        var sweep = PlaceOrder.Limit(Operators + 1, Side.Sell, Price.FromDollars(0.85m), new Xp(2_000));
        Fund(ledger, Operators + 1);
        Fund(restoredLedger, Operators + 1);
        Assert.Equal(engine.Place(sweep).Fills.ToArray(), restored.Place(sweep).Fills.ToArray());
        Assert.Equal(ledger.Balances(), restoredLedger.Balances());
        Assert.Null(restored.CheckInvariants());
    }

    [Fact]
    public void Engine_with_the_smallest_capacity_grows_while_matching_thousands_of_orders()
    {
        var (_, engine) = BuildLargeBook(orderCapacity: 1);
        Assert.Null(engine.CheckInvariants());
        Assert.Equal(Operators * OrdersPerOperator, engine.OrderCount);
    }

    [Fact]
    public void Client_order_ids_are_remembered_for_thousands_of_operators()
    {
        var (_, engine) = BuildLargeBook(withClientIds: true);
        var orders = new List<OrderView>();
        engine.CopyOrders(orders);
        for (long op = 1; op <= Operators; op += 97)
        {
            var retry = Command(op, 0, withClientIds: true);
            var outcome = engine.Place(retry);
            Assert.True(outcome.IsAccepted);
            Assert.Equal(orders.Single(o => o.OperatorId == op && o.Side == Side.Buy && o.Remaining.Units == 1).OrderId, outcome.OrderId);
        }
        Assert.Equal(Operators * OrdersPerOperator, engine.OrderCount);
    }

    private static PlaceOrder Command(long op, int i, bool withClientIds)
    {
        var side = i % 2 == 0 ? Side.Buy : Side.Sell;
        var offset = (op * OrdersPerOperator + i) % 1_990;
        var ticks = side == Side.Buy ? 8_000 + offset : 10_000 + offset;
        return PlaceOrder.Limit(op, side, new Price(ticks), new Xp(1 + i), clientOrderId: withClientIds ? $"c-{op}-{i}" : null);
    }

    private static (AccountLedger, MatchingEngine) BuildLargeBook(int orderCapacity = 4_096, bool withClientIds = false)
    {
        var ledger = new AccountLedger();
        var engine = new MatchingEngine(ledger, orderCapacity: orderCapacity);
        for (long op = 1; op <= Operators; op++)
            Fund(ledger, op);
        // Bids from 0.8000 up to 0.9999 and asks from 1.0000 up to 1.1999, each operator on its own ticks, so the
        // book holds thousands of orders over far more than 256 levels a side.
        for (long op = 1; op <= Operators; op++)
        {
            for (var i = 0; i < OrdersPerOperator; i++)
            {
                var command = Command(op, i, withClientIds);
                var result = engine.Place(command);
                Assert.True(result.IsAccepted, result.RejectReason.ToString());
            }
        }
        ledger.ClearPostings();
        return (ledger, engine);
    }

    private static void Fund(AccountLedger ledger, long op)
    {
        ledger.Deposit(op, 10_000_000_000, 0);
        ledger.Emit(op, 1_000_000, PostingReason.Emission, 0);
    }
}
