using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching;

public class MoreMarketRuleTests : MarketTestBase
{
    [Fact]
    public void Amending_a_post_only_order_to_a_crossing_price_is_refused()
    {
        Rest(Bob, Side.Sell, 1.00m, 5);
        var bid = Buy(Alice, 0.99m, 5, postOnly: true).OrderId;

        var result = Checked(Engine.Amend(new AmendOrder(bid, Alice, NewPrice: P(1.00m))));

        Assert.Equal(RejectReason.PostOnlyWouldCross, result.RejectReason);
        Assert.True(Engine.TryGetOrder(bid, out var order));
        Assert.Equal(P(0.99m), order.Price);
    }

    [Fact]
    public void Market_sell_sweeps_no_lower_than_the_band_edge()
    {
        Engine.SetReferencePrice(P(1.00m));
        Rest(Bob, Side.Buy, 0.95m, 5);
        Rest(Bob, Side.Buy, 0.80m, 5);
        Engine.SetParameters(MarketParameters.Default with { BandBps = 1_000 });

        var result = MarketSell(Alice, 10);

        Assert.Equal(5, result.FilledQuantity.Units);
        Assert.Equal(P(0.80m), Engine.BestBid);
    }

    [Fact]
    public void Market_order_without_a_reference_price_is_bounded_by_the_band_around_the_best_opposite_price()
    {
        Rest(Bob, Side.Sell, 1.00m, 5);
        Rest(Bob, Side.Sell, 1.30m, 5);

        var result = MarketBuy(Alice, 10);

        Assert.Equal(5, result.FilledQuantity.Units);
        Assert.Equal(P(1.30m), Engine.BestAsk);
    }

    [Fact]
    public void Cancel_all_works_while_the_market_is_halted()
    {
        Rest(Alice, Side.Buy, 1.00m, 5);
        Engine.Halt();

        Assert.Single(Checked(Engine.CancelAll(Alice)).Cancelled.ToArray());
        Assert.Equal(StartCash, Cash(Alice));
    }

    [Fact]
    public void Amend_that_meets_an_own_resting_order_applies_self_trade_prevention()
    {
        var ownAsk = Rest(Alice, Side.Sell, 1.01m, 5);
        var bid = Rest(Alice, Side.Buy, 1.00m, 5);

        var result = Checked(Engine.Amend(new AmendOrder(bid, Alice, NewPrice: P(1.01m))));

        Assert.Equal((ownAsk, CancelReason.SelfTradePrevention), (result.Cancelled[0].OrderId, result.Cancelled[0].Reason));
        Assert.Equal(5, result.RestingQuantity.Units);
        Assert.Empty(result.Fills.ToArray());
    }

    [Fact]
    public void Restored_client_order_ids_keep_retries_idempotent_after_a_restart()
    {
        var command = PlaceOrder.Limit(Alice, Side.Buy, P(1.00m), new Xp(3), clientOrderId: "retry-1");
        var engine = new MatchingEngine(Ledger);
        engine.RestoreClientOrderId(command, CommandStatus.Accepted, RejectReason.None, orderId: 41);

        var retry = engine.Place(command);

        Assert.True(retry.IsRepeat);
        Assert.Equal(41, retry.OrderId);
        Assert.Equal(0, engine.OrderCount);
    }

    [Fact]
    public void Lowering_the_quantity_releases_exactly_the_freed_hold()
    {
        var id = Rest(Alice, Side.Buy, 1.2345m, 10);

        Checked(Engine.Amend(new AmendOrder(id, Alice, NewQuantity: new Xp(3))));

        Assert.Equal(3 * UnitHold(1.2345m), CashHeld(Alice));
        Assert.Equal(StartCash - 3 * UnitHold(1.2345m), Cash(Alice));
    }
}
