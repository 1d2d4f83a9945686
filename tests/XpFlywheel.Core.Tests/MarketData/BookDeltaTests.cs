using XpFlywheel.Core.Matching;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Primitives;
using static XpFlywheel.Core.Tests.MarketData.DepthSnapshotTests;
using static XpFlywheel.Core.Tests.MarketData.Prints;

namespace XpFlywheel.Core.Tests.MarketData;

public class BookDeltaTests
{
    private static readonly DepthSnapshot Before = DepthSnapshot.From([L(0.99m, 10), L(0.98m, 5)], [L(1.01m, 3), L(1.02m, 7)]);

    private static BookLevelChange Set(Side side, decimal price, long quantity, int orders = 1) => new(side, P(price), new Xp(quantity), orders);

    private static BookLevelChange Removed(Side side, decimal price) => new(side, P(price), Xp.Zero, 0);

    [Fact]
    public void Unchanged_book_gives_no_changes()
    {
        Assert.True(BookDelta.Between(Before, Before, 10, 1, 1).IsEmpty);
    }

    [Fact]
    public void Added_changed_and_removed_levels_are_listed_bids_then_asks_best_first()
    {
        var after = DepthSnapshot.From([L(1.00m, 1), L(0.99m, 10), L(0.98m, 6)], [L(1.02m, 7, orders: 2)]);

        var delta = BookDelta.Between(Before, after, 10, 40, 42);

        Assert.Equal((40L, 42L), (delta.FirstSequence, delta.Sequence));
        Assert.Equal(
            [Set(Side.Buy, 1.00m, 1), Set(Side.Buy, 0.98m, 6), Removed(Side.Sell, 1.01m), Set(Side.Sell, 1.02m, 7, orders: 2)],
            delta.Changes);
    }

    [Fact]
    public void A_level_pushed_below_the_top_levels_is_sent_as_removed()
    {
        var after = DepthSnapshot.From([L(1.00m, 1), L(0.99m, 10), L(0.98m, 5)], Before.Asks.Select(r => new DepthLevel(r.Price, r.Quantity, r.Orders)).ToArray());

        var delta = BookDelta.Between(Before, after, 2, 1, 1);

        Assert.Equal([Set(Side.Buy, 1.00m, 1), Removed(Side.Buy, 0.98m)], delta.Changes);
    }

    [Fact]
    public void A_level_rising_into_the_top_levels_is_sent_as_added()
    {
        var after = DepthSnapshot.From([L(0.98m, 5), L(0.97m, 2)], [L(1.01m, 3), L(1.02m, 7)]);

        var delta = BookDelta.Between(Before, after, 2, 1, 1);

        Assert.Equal([Removed(Side.Buy, 0.99m), Set(Side.Buy, 0.97m, 2)], delta.Changes);
        Assert.Equal(after.Top(2), delta.ApplyTo(Before.Top(2)));
    }

    [Fact]
    public void Applying_the_delta_to_the_previous_snapshot_gives_the_new_one()
    {
        var after = DepthSnapshot.From([L(1.00m, 1), L(0.98m, 6)], [L(1.02m, 7, orders: 2), L(1.05m, 1)]);

        Assert.Equal(after, BookDelta.Between(Before, after, 10, 1, 1).ApplyTo(Before));
    }

    [Fact]
    public void Stream_numbers_deltas_with_contiguous_journal_ranges_that_cover_books_without_a_change()
    {
        var stream = new BookDeltaStream(depth: 5);

        var first = stream.Publish(3, Before);
        var unchanged = stream.Publish(5, Before);
        var second = stream.Publish(6, DepthSnapshot.Empty);

        Assert.Equal((1L, 3L), (first!.FirstSequence, first.Sequence));
        Assert.Null(unchanged);
        Assert.Equal((4L, 6L), (second!.FirstSequence, second.Sequence));
        Assert.Equal((DepthSnapshot.Empty, 6L), (stream.Current, stream.Sequence));
        Assert.All(second.Changes, c => Assert.True(c.IsRemoval));
    }

    [Fact]
    public void A_delta_follows_a_book_whose_next_sequence_falls_in_its_range()
    {
        var delta = new BookDelta(4, 6, []);

        Assert.Equal([false, true, true, true, false], new long[] { 2, 3, 4, 5, 6 }.Select(delta.Follows));
    }

    [Fact]
    public void Stream_never_goes_back_and_refuses_a_changed_book_under_the_same_sequence()
    {
        var stream = new BookDeltaStream(depth: 5);
        stream.Publish(3, Before);

        Assert.Null(stream.Publish(3, Before));
        Assert.Throws<ArgumentException>(() => stream.Publish(3, DepthSnapshot.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.Publish(2, Before));
        Assert.Equal((Before.Top(5), 3L), (stream.Current, stream.Sequence));
    }
}
