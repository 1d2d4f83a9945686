using XpFlywheel.Core.Matching;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Core.Tests.Matching;

namespace XpFlywheel.Core.Tests.MarketData;

// Market data is fed by the engine as the market task will feed it: depth read into spans, fills turned into prints.
public class EngineFeedTests : MarketTestBase
{
    private DepthSnapshot Snapshot()
    {
        Span<DepthLevel> bids = stackalloc DepthLevel[20];
        Span<DepthLevel> asks = stackalloc DepthLevel[20];
        return DepthSnapshot.From(bids[..Engine.Depth(Side.Buy, bids)], asks[..Engine.Depth(Side.Sell, asks)]);
    }

    [Fact]
    public void Snapshot_of_the_engine_depth_aggregates_and_accumulates_best_first()
    {
        Rest(Alice, Side.Buy, 0.99m, 10);
        Rest(Bob, Side.Buy, 0.99m, 5);
        Rest(Alice, Side.Buy, 0.98m, 5);
        Rest(Carol, Side.Sell, 1.01m, 3);

        var snapshot = Snapshot();

        Assert.Equal([new Xp(15), new Xp(20)], snapshot.Bids.Select(r => r.CumulativeQuantity));
        Assert.Equal([2, 1], snapshot.Bids.Select(r => r.Orders));
        Assert.Equal((P(0.02m), 1.00m), (snapshot.Spread, snapshot.Mid));
    }

    [Fact]
    public void Fills_become_prints_and_the_stream_sends_the_levels_they_changed()
    {
        Rest(Alice, Side.Sell, 1.01m, 3);
        Rest(Bob, Side.Sell, 1.02m, 4);
        var stream = new BookDeltaStream(depth: 10);
        stream.Publish(2, Snapshot());
        var book = new MarketDataBook();
        var time = new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

        var result = Buy(Carol, 1.02m, 5, TimeInForce.Ioc);
        foreach (var fill in result.Fills)
            book.Apply(TradePrint.From(fill, time, 3));
        var delta = stream.Publish(3, Snapshot());

        Assert.Equal([(P(1.01m), 3L), (P(1.02m), 2L)], book.RecentTrades(10).Reverse().Select(t => (t.Price, t.Quantity.Units)));
        Assert.All(book.RecentTrades(10), t => Assert.Equal(Side.Buy, t.TakerSide));
        Assert.Equal(P(1.02m), book.Ticker(time, Engine.BestBid, Engine.BestAsk).Last);
        Assert.NotNull(delta);
        Assert.Equal(
            [new BookLevelChange(Side.Sell, P(1.01m), Xp.Zero, 0), new BookLevelChange(Side.Sell, P(1.02m), new Xp(2), 1)],
            delta.Changes);
        Assert.Equal((3L, 3L), (delta.FirstSequence, delta.Sequence));
        Assert.All(book.RecentTrades(10), t => Assert.Equal(3, t.Sequence));
    }
}
