using CsCheck;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.MarketData;

public class BookDeltaPropertyTests
{
    // Narrow price ranges so consecutive snapshots share many levels, and a zero quantity to drop levels.
    private static readonly Gen<(long Ticks, long Quantity, int Orders)> GenLevel =
        Gen.Select(Gen.Long[0, 24], Gen.Long[0, 4], Gen.Int[1, 3]);

    private static DepthLevel[] SideLevels(IEnumerable<(long Ticks, long Quantity, int Orders)> levels, long offset, bool descending)
    {
        var byPrice = new Dictionary<long, DepthLevel>();
        foreach (var (ticks, quantity, orders) in levels)
        {
            if (quantity > 0)
                byPrice[offset + ticks] = new DepthLevel(new Price(offset + ticks), new Xp(quantity), orders);
        }
        var sorted = byPrice.Values.OrderBy(l => l.Price.Ticks);
        return [.. descending ? sorted.Reverse() : sorted];
    }

    private static readonly Gen<DepthSnapshot> GenSnapshot =
        Gen.Select(GenLevel.Array[0, 20], GenLevel.Array[0, 20], (bids, asks) =>
            DepthSnapshot.From(SideLevels(bids, 10_000, descending: true), SideLevels(asks, 10_025, descending: false)));

    [Fact]
    public void Applying_the_delta_to_the_previous_top_levels_gives_the_new_top_levels()
    {
        Gen.Select(GenSnapshot, GenSnapshot, Gen.Int[1, 25]).Sample((previous, next, depth) =>
        {
            var delta = BookDelta.Between(previous, next, depth, 1);

            Assert.Equal(next.Top(depth), delta.ApplyTo(previous.Top(depth)));
            Assert.Equal(delta.IsEmpty, previous.Top(depth) == next.Top(depth));
            Assert.Equal(delta.Changes.Count, delta.Changes.Select(c => (c.Side, c.Price)).Distinct().Count());
        }, iter: 500);
    }

    [Fact]
    public void A_subscriber_applying_every_delta_holds_the_stream_current_book()
    {
        Gen.Select(GenSnapshot.Array[1, 30], Gen.Int[1, 25]).Sample((snapshots, depth) =>
        {
            var stream = new BookDeltaStream(depth);
            var subscriber = DepthSnapshot.Empty;
            var expectedSequence = 1L;
            foreach (var snapshot in snapshots)
            {
                if (stream.Publish(snapshot) is not { } delta)
                    continue;
                Assert.Equal(expectedSequence++, delta.Sequence);
                subscriber = delta.ApplyTo(subscriber);
            }

            Assert.Equal(stream.Current, subscriber);
            Assert.Equal(snapshots[^1].Top(depth), subscriber);
        }, iter: 200);
    }
}
