using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;

namespace XpFlywheel.Core.Tests.Matching;

public class HoldAndFeeTests : MarketTestBase
{
    [Fact]
    public void Buy_holds_price_times_quantity_plus_the_largest_fee()
    {
        Buy(Alice, 1.2345m, 100);

        Assert.Equal(100 * UnitHold(1.2345m), CashHeld(Alice));
        Assert.Equal(100 * 1_234_500 + 100 * 1_235, CashHeld(Alice));
        Assert.Equal(StartCash - CashHeld(Alice), Cash(Alice));
    }

    [Fact]
    public void Sell_holds_the_xp()
    {
        Sell(Bob, 1.00m, 250);

        Assert.Equal(250, XpHeld(Bob));
        Assert.Equal(StartXp - 250, XpOf(Bob));
    }

    [Fact]
    public void Buy_beyond_available_cash_is_rejected_and_moves_nothing()
    {
        var result = Buy(Alice, 1.00m, StartCash / 100 / 100);

        Assert.Equal(RejectReason.InsufficientCash, result.RejectReason);
        Assert.Equal(StartCash, Cash(Alice));
        Assert.Equal(0, Ledger.PendingPostings.Length);
        Assert.Null(Engine.BestBid);
    }

    [Fact]
    public void Sell_beyond_available_xp_is_rejected_and_moves_nothing()
    {
        Assert.Equal(RejectReason.InsufficientXp, Sell(Bob, 1.00m, StartXp + 1).RejectReason);
        Assert.Equal(StartXp, XpOf(Bob));
    }

    [Fact]
    public void Cancel_releases_the_hold_exactly()
    {
        var id = Rest(Alice, Side.Buy, 0.9999m, 77);

        Engine.Cancel(id, Alice);

        AssertInvariants();
        Assert.Equal(StartCash, Cash(Alice));
        Assert.Equal(0, CashHeld(Alice));
    }

    [Fact]
    public void Partial_fill_keeps_exactly_the_hold_of_the_remainder()
    {
        var bid = Rest(Alice, Side.Buy, 1.00m, 100);

        Sell(Bob, 0.90m, 30);

        Assert.Equal(70 * UnitHold(1.00m), CashHeld(Alice));
        Assert.True(Engine.TryGetOrder(bid, out var order));
        Assert.Equal(70, order.Remaining.Units);
    }

    [Fact]
    public void Taker_fee_rounds_up_to_the_micro_dollar()
    {
        Rest(Bob, Side.Sell, 0.0001m, 1); // notional 100 micros: 0.1 micro of fee rounds up to 1

        var fill = Assert.Single(Buy(Alice, 0.0001m, 1).Fills.ToArray());

        Assert.Equal(1, fill.TakerFee.Micros);
        Assert.Equal(1, Treasury);
    }

    [Fact]
    public void Maker_pays_no_fee_and_taker_pays_ten_basis_points_by_default()
    {
        Rest(Bob, Side.Sell, 2.00m, 1_000);
        var fill = Assert.Single(Buy(Alice, 2.00m, 400).Fills.ToArray());

        Assert.Equal(0, fill.MakerFee.Micros);
        Assert.Equal(800_000, fill.TakerFee.Micros); // 0.10% of $800
        Assert.Equal(StartCash - 800_000_000 - 800_000, Cash(Alice));
        Assert.Equal(StartCash + 800_000_000, Cash(Bob));
    }

    [Fact]
    public void Taker_sell_pays_its_fee_from_the_proceeds()
    {
        Rest(Alice, Side.Buy, 1.00m, 10);

        var fill = Assert.Single(Sell(Bob, 1.00m, 10).Fills.ToArray());

        Assert.Equal(10_000, fill.TakerFee.Micros);
        Assert.Equal(StartCash + 10_000_000 - 10_000, Cash(Bob));
        Assert.Equal(StartCash - 10_000_000, Cash(Alice));
        Assert.Equal(10_000, Treasury);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 1_235)]
    [InlineData(25, 3_087)]
    public void Taker_fee_is_the_configured_basis_points_of_notional(int bps, long expectedFee)
    {
        Engine.SetParameters(MarketParameters.Default with { TakerFeeBps = bps });
        Rest(Bob, Side.Sell, 1.2345m, 1); // notional 1,234,500 micros

        Assert.Equal(expectedFee, Assert.Single(Buy(Alice, 1.2345m, 1).Fills.ToArray()).TakerFee.Micros);
    }

    [Fact]
    public void Trades_post_balanced_legs_with_the_trade_id_as_reference()
    {
        Rest(Bob, Side.Sell, 1.00m, 5);
        Ledger.ClearPostings();

        var fill = Assert.Single(Buy(Alice, 1.00m, 5).Fills.ToArray());

        var trade = Ledger.PendingPostings.ToArray().Where(p => p.Reason == PostingReason.Trade).ToArray();
        Assert.Equal(2, trade.Length);
        Assert.All(trade, p => Assert.Equal(fill.TradeId, p.Reference));
        Assert.Equal(Ledger.Balance(AccountId.Treasury), fill.TakerFee.Micros);
    }
}
