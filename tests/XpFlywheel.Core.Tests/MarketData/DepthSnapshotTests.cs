using XpFlywheel.Core.Matching;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Primitives;
using static XpFlywheel.Core.Tests.MarketData.Prints;

namespace XpFlywheel.Core.Tests.MarketData;

public class DepthSnapshotTests
{
    internal static DepthLevel L(decimal dollars, long quantity, int orders = 1) => new(P(dollars), new Xp(quantity), orders);

    [Fact]
    public void Cumulative_sizes_run_from_the_best_price_on_each_side()
    {
        var snapshot = DepthSnapshot.From([L(0.99m, 10, 2), L(0.98m, 5), L(0.95m, 1)], [L(1.01m, 3), L(1.02m, 7, 3)]);

        Assert.Equal(
            [
                new DepthRow(P(0.99m), new Xp(10), 2, new Xp(10), C(9.90m)),
                new DepthRow(P(0.98m), new Xp(5), 1, new Xp(15), C(14.80m)),
                new DepthRow(P(0.95m), new Xp(1), 1, new Xp(16), C(15.75m)),
            ],
            snapshot.Bids);
        Assert.Equal(
            [
                new DepthRow(P(1.01m), new Xp(3), 1, new Xp(3), C(3.03m)),
                new DepthRow(P(1.02m), new Xp(7), 3, new Xp(10), C(10.17m)),
            ],
            snapshot.Asks);
    }

    [Fact]
    public void Spread_is_best_ask_minus_best_bid_and_mid_is_halfway()
    {
        var snapshot = DepthSnapshot.From([L(0.9999m, 1)], [L(1.0002m, 1)]);

        Assert.Equal(P(0.0003m), snapshot.Spread);
        Assert.Equal(1.00005m, snapshot.Mid);
        Assert.Equal((P(0.9999m), P(1.0002m)), (snapshot.BestBid, snapshot.BestAsk));
    }

    [Fact]
    public void Spread_and_mid_are_null_when_a_side_is_empty()
    {
        var bidsOnly = DepthSnapshot.From([L(1m, 1)], []);
        var asksOnly = DepthSnapshot.From([], [L(1m, 1)]);

        Assert.Equal((null, null), (bidsOnly.Spread, bidsOnly.Mid));
        Assert.Equal((null, null), (asksOnly.Spread, asksOnly.Mid));
        Assert.Equal((null, null, null), (DepthSnapshot.Empty.Spread, DepthSnapshot.Empty.Mid, DepthSnapshot.Empty.BestBid));
    }

    [Fact]
    public void Levels_out_of_best_first_order_or_empty_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DepthSnapshot.From([L(0.98m, 1), L(0.99m, 1)], []));
        Assert.Throws<ArgumentException>(() => DepthSnapshot.From([], [L(1.02m, 1), L(1.01m, 1)]));
        Assert.Throws<ArgumentException>(() => DepthSnapshot.From([], [L(1.01m, 1), L(1.01m, 2)]));
        Assert.Throws<ArgumentException>(() => DepthSnapshot.From([L(1m, 0)], []));
        Assert.Throws<ArgumentException>(() => DepthSnapshot.From([L(1m, 1, orders: 0)], []));
    }

    [Fact]
    public void Top_keeps_the_best_levels_with_their_cumulative_sizes()
    {
        var snapshot = DepthSnapshot.From([L(0.99m, 10), L(0.98m, 5), L(0.97m, 1)], [L(1.01m, 3)]);

        var top = snapshot.Top(2);

        Assert.Equal(snapshot.Bids.Take(2), top.Bids);
        Assert.Equal(snapshot.Asks, top.Asks);
    }

    [Fact]
    public void Snapshots_with_the_same_levels_are_equal()
    {
        Assert.Equal(DepthSnapshot.From([L(1m, 1)], [L(2m, 2)]), DepthSnapshot.From([L(1m, 1)], [L(2m, 2)]));
        Assert.NotEqual(DepthSnapshot.From([L(1m, 1)], [L(2m, 2)]), DepthSnapshot.From([L(1m, 1)], [L(2m, 3)]));
    }
}
