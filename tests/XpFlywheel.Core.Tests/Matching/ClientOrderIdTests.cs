using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching;

public class ClientOrderIdTests : MarketTestBase
{
    [Fact]
    public void Retry_with_the_same_client_order_id_returns_the_first_result_and_does_not_place_twice()
    {
        var first = Buy(Alice, 1.00m, 10, clientId: "abc");
        var firstId = first.OrderId;

        var retry = Buy(Alice, 1.00m, 10, clientId: "abc");

        Assert.True(retry.IsRepeat);
        Assert.Equal((CommandStatus.Accepted, firstId, 10L), (retry.Status, retry.OrderId, retry.RestingQuantity.Units));
        Assert.Equal(1, Engine.OrderCount);
        Assert.Equal(10 * UnitHold(1.00m), CashHeld(Alice));
    }

    [Fact]
    public void A_rejected_placement_does_not_take_its_client_order_id()
    {
        Assert.Equal(RejectReason.InsufficientXp, Sell(Alice, 1.00m, StartXp + 1, clientId: "x").RejectReason);

        // The same terms again are judged again (not answered from the rejection); other terms may use the id.
        var retry = Sell(Alice, 1.00m, StartXp + 1, clientId: "x");
        Assert.False(retry.IsRepeat);
        Assert.Equal(RejectReason.InsufficientXp, retry.RejectReason);
        var fixedUp = Sell(Alice, 1.00m, 10, clientId: "x");

        Assert.Equal(CommandStatus.Accepted, fixedUp.Status);
        Assert.False(fixedUp.IsRepeat);
        Assert.Equal("x", Engine.ClientOrderIdOf(fixedUp.OrderId));
    }

    [Fact]
    public void A_rejection_restored_from_an_older_database_does_not_hold_its_client_order_id()
    {
        var rejected = PlaceOrder.Limit(Alice, Side.Sell, P(1.00m), new Xp(StartXp + 1), clientOrderId: "old");
        Engine.RestoreClientOrderId(rejected, CommandStatus.Rejected, RejectReason.InsufficientXp, 0);

        var placed = Sell(Alice, 1.00m, 10, clientId: "old");

        Assert.Equal(CommandStatus.Accepted, placed.Status);
        Assert.False(placed.IsRepeat);
    }

    [Fact]
    public void Reusing_a_client_order_id_for_different_terms_is_refused()
    {
        Buy(Alice, 1.00m, 10, clientId: "abc");

        Assert.Equal(RejectReason.DuplicateClientOrderId, Buy(Alice, 1.00m, 11, clientId: "abc").RejectReason);
        Assert.Equal(1, Engine.OrderCount);
    }

    [Fact]
    public void Client_order_ids_are_unique_per_operator_only()
    {
        Buy(Alice, 1.00m, 10, clientId: "abc");

        var other = Buy(Bob, 1.00m, 10, clientId: "abc");

        Assert.False(other.IsRepeat);
        Assert.Equal(2, Engine.OrderCount);
    }

    [Fact]
    public void An_order_placed_with_a_client_order_id_is_known_by_it_through_its_fills_and_after_it_leaves_the_book()
    {
        var resting = Sell(Alice, 1.00m, 10, clientId: "ask-1").OrderId;
        var plain = Sell(Alice, 1.10m, 10).OrderId;
        Assert.Equal("ask-1", Engine.ClientOrderIdOf(resting));
        Assert.Null(Engine.ClientOrderIdOf(plain));

        Buy(Bob, 1.00m, 4);
        Assert.Equal("ask-1", Engine.ClientOrderIdOf(resting));
        Buy(Bob, 1.00m, 6);
        Assert.Equal("ask-1", Engine.ClientOrderIdOf(resting));

        // A rejected placement has no order to name; a retry names the first order, not a new one.
        Assert.Equal(RejectReason.InsufficientXp, Sell(Alice, 1.00m, StartXp + 1, clientId: "too-big").RejectReason);
        Assert.Null(Engine.ClientOrderIdOf(0));
        var again = Sell(Alice, 1.00m, 10, clientId: "ask-1");
        Assert.Equal(resting, again.OrderId);
    }

    [Fact]
    public void A_restored_client_order_id_names_its_order_after_a_restart()
    {
        var command = PlaceOrder.Limit(Alice, Side.Buy, P(1.00m), new Xp(5), clientOrderId: "bid-9");
        Engine.RestoreClientOrderId(command, CommandStatus.Accepted, RejectReason.None, 42);

        Assert.Equal("bid-9", Engine.ClientOrderIdOf(42));
    }

    private const long Hour = 3_600_000;

    // A placement without a client order id at atMs (refused or not, it is a placement the engine has seen): the
    // engine judges expiry by the latest placement time.
    private void PlacementAt(long atMs) =>
        Engine.Place(PlaceOrder.Limit(Bob, Side.Sell, P(0.90m), new Xp(1)) with { Timestamp = atMs });

    private CommandResult BuyAt(long atMs, decimal price, long quantity, string clientId) =>
        Engine.Place(PlaceOrder.Limit(Alice, Side.Buy, P(price), new Xp(quantity), clientOrderId: clientId) with { Timestamp = atMs });

    [Fact]
    public void A_client_order_id_answers_retries_within_its_retention_and_is_new_after_it()
    {
        Engine.ClientOrderIdRetentionMs = 24 * Hour;
        var firstId = BuyAt(1_000, 0.50m, 10, "day-1").OrderId;
        Assert.True(Engine.Cancel(firstId, Alice).IsAccepted);

        var withinRetention = BuyAt(1_000 + 24 * Hour - 1, 0.60m, 20, "day-1");
        Assert.Equal(RejectReason.DuplicateClientOrderId, withinRetention.RejectReason);

        var afterRetention = BuyAt(1_000 + 24 * Hour, 0.60m, 20, "day-1");
        Assert.True(afterRetention.IsAccepted);
        Assert.False(afterRetention.IsRepeat);
        Assert.NotEqual(firstId, afterRetention.OrderId);
        Assert.Equal("day-1", Engine.ClientOrderIdOf(afterRetention.OrderId));
        Assert.Null(Engine.ClientOrderIdOf(firstId));
        Assert.Equal(1, Engine.ClientOrderIdCount);
    }

    [Fact]
    public void Reusing_an_expired_client_order_id_every_day_keeps_one_entry_per_id()
    {
        Engine.ClientOrderIdRetentionMs = Hour;
        var forgotten = new List<(long OperatorId, string ClientOrderId)>();
        var ids = new List<long>();
        for (var day = 0; day < 10; day++)
        {
            var id = BuyAt(day * 2 * Hour, 0.50m, 10, "daily").OrderId;
            ids.Add(id);
            Assert.True(Engine.Cancel(id, Alice).IsAccepted);
        }

        Assert.Equal(1, Engine.ClientOrderIdCount);
        Assert.Equal([null, null, null, null, null, null, null, null, null, "daily"], ids.Select(Engine.ClientOrderIdOf));
        PlacementAt(100 * Hour);
        Engine.ForgetExpiredClientOrderIds(100 * Hour, forgotten);
        Assert.Equal([(Alice, "daily")], forgotten);
        Assert.Equal(0, Engine.ClientOrderIdCount);
        Assert.All(ids, id => Assert.Null(Engine.ClientOrderIdOf(id)));
    }

    [Fact]
    public void A_client_order_id_whose_order_still_rests_stays_taken_after_its_retention()
    {
        Engine.ClientOrderIdRetentionMs = Hour;
        var restingId = BuyAt(0, 0.50m, 10, "long-lived").OrderId;

        var later = BuyAt(5 * Hour, 0.50m, 10, "long-lived");

        Assert.True(later.IsRepeat);
        Assert.Equal(restingId, later.OrderId);
        Assert.Equal(1, Engine.OrderCount);
    }

    [Fact]
    public void Expired_client_order_ids_are_forgotten_so_their_memory_cannot_grow_without_bound()
    {
        // Forgetting never runs ahead of the placements: a host time past every placement forgets nothing more.
        Engine.ClientOrderIdRetentionMs = Hour;
        var none = new List<(long OperatorId, string ClientOrderId)>();
        var early = BuyAt(0, 0.50m, 1, "early").OrderId;
        Engine.Cancel(early, Alice);
        Engine.ForgetExpiredClientOrderIds(10 * Hour, none);
        Assert.Empty(none);
        PlacementAt(10 * Hour);
        Engine.ForgetExpiredClientOrderIds(10 * Hour, none);
        Assert.Equal([(Alice, "early")], none);

        Engine.ClientOrderIdRetentionMs = Hour;
        var forgotten = new List<(long OperatorId, string ClientOrderId)>();
        for (var i = 0; i < 1_000; i++)
        {
            // Each placement trades nothing and is cancelled at once (IOC), so none rests.
            var ioc = Engine.Place(PlaceOrder.Limit(Alice, Side.Buy, P(0.50m), new Xp(1), TimeInForce.Ioc, clientOrderId: $"ioc-{i}") with { Timestamp = i });
            Assert.True(ioc.IsAccepted);
        }
        var restingId = BuyAt(500, 0.40m, 5, "resting").OrderId;
        Assert.Equal(1_001, Engine.ClientOrderIdCount);

        PlacementAt(Hour + 499);
        Engine.ForgetExpiredClientOrderIds(Hour + 499, forgotten);
        Assert.Equal(500, forgotten.Count);
        Assert.Equal(501, Engine.ClientOrderIdCount);

        forgotten.Clear();
        PlacementAt(10 * Hour);
        Engine.ForgetExpiredClientOrderIds(10 * Hour, forgotten);
        Assert.Equal(500, forgotten.Count);
        Assert.DoesNotContain((Alice, "resting"), forgotten);
        Assert.Equal(1, Engine.ClientOrderIdCount);
        Assert.Equal("resting", Engine.ClientOrderIdOf(restingId));

        // Once its order has left the book, the next pass forgets it too.
        Assert.True(Engine.Cancel(restingId, Alice).IsAccepted);
        forgotten.Clear();
        Engine.ForgetExpiredClientOrderIds(10 * Hour, forgotten);
        Assert.Equal([(Alice, "resting")], forgotten);
        Assert.Equal(0, Engine.ClientOrderIdCount);
        Assert.Null(Engine.ClientOrderIdOf(restingId));
    }

    [Fact]
    public void A_forgotten_client_order_id_stays_expired_for_a_placement_stamped_earlier()
    {
        Engine.ClientOrderIdRetentionMs = Hour;
        var forgotten = new List<(long OperatorId, string ClientOrderId)>();
        var firstId = BuyAt(0, 0.50m, 10, "clock").OrderId;
        Assert.True(Engine.Cancel(firstId, Alice).IsAccepted);
        BuyAt(3 * Hour, 0.40m, 1, "later");

        // The host forgets at 3 h; then its clock steps back to 30 min. A replay of the same commands, which never
        // forgot, must answer the same: expiry is judged by the latest placement seen (3 h), not the step-back time.
        Engine.ForgetExpiredClientOrderIds(3 * Hour, forgotten);
        Assert.Contains((Alice, "clock"), forgotten);
        var live = BuyAt(Hour / 2, 0.50m, 11, "clock");
        Assert.True(live.IsAccepted);
        Assert.False(live.IsRepeat);

        var ledger = new XpFlywheel.Core.Ledger.AccountLedger();
        ledger.Deposit(Alice, StartCash, 0);
        var replay = new MatchingEngine(ledger) { ClientOrderIdRetentionMs = Hour };
        var replayedFirst = replay.Place(PlaceOrder.Limit(Alice, Side.Buy, P(0.50m), new Xp(10), clientOrderId: "clock") with { Timestamp = 0 }).OrderId;
        replay.Cancel(replayedFirst, Alice);
        replay.Place(PlaceOrder.Limit(Alice, Side.Buy, P(0.40m), new Xp(1), clientOrderId: "later") with { Timestamp = 3 * Hour });
        var replayed = replay.Place(PlaceOrder.Limit(Alice, Side.Buy, P(0.50m), new Xp(11), clientOrderId: "clock") with { Timestamp = Hour / 2 });
        Assert.Equal((live.IsAccepted, live.IsRepeat), (replayed.IsAccepted, replayed.IsRepeat));
    }
}
