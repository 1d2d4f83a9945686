using XpFlywheel.Core.Matching;

namespace XpFlywheel.Core.MarketData;

/// <summary>
/// The level changes that turn the top of the book as of journal sequence <see cref="FirstSequence"/> − 1 into the top
/// as of <see cref="Sequence"/>: the range covers every command in between, including those that left the top levels
/// alone. Consecutive deltas of one stream have contiguous ranges (each <see cref="FirstSequence"/> is the previous
/// <see cref="Sequence"/> + 1), so a subscriber that last applied sequence L and receives a delta whose
/// <see cref="FirstSequence"/> is not L + 1 knows it missed one and fetches a fresh snapshot. Changes list bids best
/// first, then asks best first.
/// </summary>
public sealed record BookDelta(long FirstSequence, long Sequence, IReadOnlyList<BookLevelChange> Changes)
{
    /// <summary>
    /// The changes between the best <paramref name="depth"/> levels of each side of <paramref name="previous"/> and of
    /// <paramref name="next"/>: levels added or whose quantity or order count changed, and removals (quantity zero) for
    /// levels that left the book or were pushed below the top <paramref name="depth"/>; numbered with the journal range
    /// <paramref name="firstSequence"/>…<paramref name="sequence"/> they cover.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or starts below 1.</exception>
    public static BookDelta Between(DepthSnapshot previous, DepthSnapshot next, int depth, long firstSequence, long sequence)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstSequence, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, firstSequence);
        var changes = new List<BookLevelChange>();
        Compare(Side.Buy, previous.Bids, next.Bids, depth, changes);
        Compare(Side.Sell, previous.Asks, next.Asks, depth, changes);
        return new BookDelta(firstSequence, sequence, changes);
    }

    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>True when this delta applies to a book held as of <paramref name="sequence"/>: its range starts at or before the next command and reaches past it.</summary>
    public bool Follows(long sequence) => FirstSequence <= sequence + 1 && sequence + 1 <= Sequence;

    /// <summary>
    /// <paramref name="previous"/>, as the subscriber holds it (the top levels it was sent), with the changes applied.
    /// </summary>
    public DepthSnapshot ApplyTo(DepthSnapshot previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return previous.With(Changes);
    }

    /// <summary>True when both cover the same range with the same changes in the same order.</summary>
    public bool Equals(BookDelta? other) =>
        other is not null && FirstSequence == other.FirstSequence && Sequence == other.Sequence && Changes.SequenceEqual(other.Changes);

    public override int GetHashCode() => HashCode.Combine(FirstSequence, Sequence, Changes.Count);

    // Both lists are best first, so one merge pass pairs up equal prices and finds what is only on one side.
    private static void Compare(Side side, IReadOnlyList<DepthRow> before, IReadOnlyList<DepthRow> after, int depth, List<BookLevelChange> into)
    {
        int beforeCount = Math.Min(before.Count, depth), afterCount = Math.Min(after.Count, depth);
        int i = 0, j = 0;
        while (i < beforeCount || j < afterCount)
        {
            var order = i == beforeCount ? 1 : j == afterCount ? -1 : Rank(side, before[i]).CompareTo(Rank(side, after[j]));
            if (order < 0)
            {
                into.Add(new BookLevelChange(side, before[i++].Price, default, 0));
            }
            else if (order > 0)
            {
                var added = after[j++];
                into.Add(new BookLevelChange(side, added.Price, added.Quantity, added.Orders));
            }
            else
            {
                var (old, now) = (before[i++], after[j++]);
                if (old.Quantity != now.Quantity || old.Orders != now.Orders)
                    into.Add(new BookLevelChange(side, now.Price, now.Quantity, now.Orders));
            }
        }
    }

    // Lower rank is better: the highest bid, the lowest ask.
    private static long Rank(Side side, DepthRow row) => side == Side.Buy ? -row.Price.Ticks : row.Price.Ticks;
}
