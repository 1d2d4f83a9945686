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
            var delta = BookDelta.Between(previous, next, depth, 1, 1);

            Assert.Equal(next.Top(depth), delta.ApplyTo(previous.Top(depth)));
            Assert.Equal(delta.IsEmpty, previous.Top(depth) == next.Top(depth));
            Assert.Equal(delta.Changes.Count, delta.Changes.Select(c => (c.Side, c.Price)).Distinct().Count());
        }, iter: 500);
    }

    // Each step: how many commands ran since the previous book (0 publishes the same book again), then the book.
    private static readonly Gen<(int Commands, DepthSnapshot Book)[]> GenSteps = Gen.Select(Gen.Int[0, 3], GenSnapshot).Array[1, 30];

    [Fact]
    public void Delta_ranges_are_contiguous_and_bring_a_snapshot_taken_at_any_published_sequence_to_the_current_book()
    {
        Gen.Select(GenSteps, Gen.Int[1, 25]).Sample((steps, depth) =>
        {
            var stream = new BookDeltaStream(depth);
            var published = new List<(long Sequence, DepthSnapshot Top)> { (0, DepthSnapshot.Empty) };
            var deltas = new List<BookDelta>();
            var sequence = 0L;
            var latest = DepthSnapshot.Empty;
            foreach (var (commands, book) in steps)
            {
                // A sequence published again carries the same book: nothing numbers a change that did not happen.
                if (commands > 0)
                    latest = book;
                sequence += commands;
                if (stream.Publish(sequence, latest) is { } delta)
                    deltas.Add(delta);
                published.Add((sequence, latest.Top(depth)));
            }

            for (var i = 0; i < deltas.Count; i++)
            {
                Assert.Equal(i == 0 ? 1 : deltas[i - 1].Sequence + 1, deltas[i].FirstSequence);
                Assert.True(deltas[i].FirstSequence <= deltas[i].Sequence);
                Assert.False(deltas[i].IsEmpty);
            }
            Assert.Equal((latest.Top(depth), sequence), (stream.Current, stream.Sequence));
            foreach (var (at, top) in published)
            {
                var held = top;
                var last = at;
                foreach (var delta in deltas.Where(d => d.Sequence > at))
                {
                    Assert.True(last == at ? delta.Follows(last) : delta.FirstSequence == last + 1);
                    held = delta.ApplyTo(held);
                    last = delta.Sequence;
                }
                Assert.Equal(stream.Current, held);
            }
        }, iter: 300);
    }

    // Each step: commands since the previous book (at least one), the book, and whether a paced publish follows it.
    private static readonly Gen<(int Commands, DepthSnapshot Book, bool Publish)[]> GenPacedSteps =
        Gen.Select(Gen.Int[1, 3], GenSnapshot, Gen.Int[0, 3], (c, b, p) => (c, b, p == 0)).Array[1, 30];

    [Fact]
    public void A_paced_delta_brings_a_book_taken_at_any_sequence_inside_its_range_to_the_current_book()
    {
        Gen.Select(GenPacedSteps, Gen.Int[1, 25]).Sample((steps, depth) =>
        {
            // Books are observed as they commit and published only now and then (the hub's pacing); REST can serve any
            // of them. A follower starting from any observed book, even one inside a published range, must end exact.
            var stream = new BookDeltaStream(depth);
            var books = new List<(long Sequence, DepthSnapshot Top)> { (0, DepthSnapshot.Empty) };
            var deltas = new List<BookDelta>();
            var sequence = 0L;
            for (var i = 0; i < steps.Length; i++)
            {
                var (commands, book, publish) = steps[i];
                sequence += commands;
                if (publish || i == steps.Length - 1)
                {
                    if (stream.Publish(sequence, book) is { } delta)
                        deltas.Add(delta);
                }
                else
                {
                    stream.Observe(sequence, book);
                }
                books.Add((sequence, book.Top(depth)));
            }

            for (var i = 1; i < deltas.Count; i++)
                Assert.Equal(deltas[i - 1].Sequence + 1, deltas[i].FirstSequence);
            foreach (var (at, top) in books)
            {
                var held = top;
                foreach (var delta in deltas.Where(d => d.Sequence > at))
                    held = delta.ApplyTo(held);
                Assert.Equal(stream.Current, held);
            }
        }, iter: 500);
    }
}
