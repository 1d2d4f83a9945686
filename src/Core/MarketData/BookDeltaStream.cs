using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.MarketData;

/// <summary>
/// Turns successive books, each numbered with the journal sequence of the last command applied to it, into deltas of
/// the top <see cref="Depth"/> levels for streaming to programs. Every committed book is <see cref="Observe"/>d; a
/// <see cref="Publish"/> (paced, so it may come after several books) sends one delta covering every sequence since the
/// last one sent, holding <b>every level that changed at any book in that range</b>, with its value at the end of the
/// range (quantity 0: gone from the top). A book whose top levels did not change adds nothing; a range without changes
/// gives no delta, and the next delta's range covers it, so ranges stay contiguous and a subscriber sees no gap.
/// <para>
/// Because a delta lists every level touched in its range, not only those that differ between its two ends, a
/// subscriber holding the top levels as of <i>any</i> sequence S (this stream's <see cref="Sequence"/> and
/// <see cref="Current"/>, or REST's book numbered S, even one inside a paced range) drops deltas whose
/// <see cref="BookDelta.Sequence"/> is at most S, applies the first one with <see cref="BookDelta.FirstSequence"/> ≤ S + 1
/// ≤ <see cref="BookDelta.Sequence"/>, then each next one, and holds <see cref="Current"/>: a level that appeared after
/// the range began and left again before it ended is removed for a subscriber whose book still shows it (Binance's
/// diff-depth method relies on the same property). Single writer, like the market task that feeds it.
/// </para>
/// </summary>
public sealed class BookDeltaStream
{
    private readonly HashSet<(Side Side, long Ticks)> _touched = [];
    private long _lastDelta;

    /// <param name="depth">Levels per side covered by the stream.</param>
    public BookDeltaStream(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        Depth = depth;
    }

    public int Depth { get; }

    /// <summary>The top levels as of <see cref="Sequence"/>; empty before the first book.</summary>
    public DepthSnapshot Current { get; private set; } = DepthSnapshot.Empty;

    /// <summary>Journal sequence of the latest book observed or published; zero before the first.</summary>
    public long Sequence { get; private set; }

    /// <summary>
    /// Moves to <paramref name="next"/>, the book as of journal sequence <paramref name="sequence"/>, remembering which
    /// top levels changed for the next delta. The same sequence again with the same top levels does nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequence"/> is below <see cref="Sequence"/>: the stream never goes back.</exception>
    /// <exception cref="ArgumentException">The top levels changed while the sequence stayed the same: no command numbers that change.</exception>
    public void Observe(long sequence, DepthSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, Sequence);
        var top = next.Top(Depth);
        if (sequence == Sequence)
        {
            if (!top.Equals(Current))
                throw new ArgumentException($"The book changed without its sequence moving from {sequence}.", nameof(next));
            return;
        }
        foreach (var change in BookDelta.Between(Current, top, Depth, 1, 1).Changes)
            _touched.Add((change.Side, change.Price.Ticks));
        Current = top;
        Sequence = sequence;
    }

    /// <summary>
    /// Observes <paramref name="next"/> (see <see cref="Observe"/>) and returns the delta covering every sequence since
    /// the last one sent: each level touched since then with its value now, bids best first, then asks best first;
    /// null when no top level changed in that range.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequence"/> is below <see cref="Sequence"/>.</exception>
    /// <exception cref="ArgumentException">The top levels changed while the sequence stayed the same.</exception>
    public BookDelta? Publish(long sequence, DepthSnapshot next)
    {
        Observe(sequence, next);
        if (_touched.Count == 0)
            return null;
        var changes = new List<BookLevelChange>(_touched.Count);
        Collect(Side.Buy, Current.Bids, changes);
        Collect(Side.Sell, Current.Asks, changes);
        var delta = new BookDelta(_lastDelta + 1, Sequence, changes);
        _touched.Clear();
        _lastDelta = Sequence;
        return delta;
    }

    // The touched levels of one side, best first, each with its value in the current top (or removed).
    private void Collect(Side side, IReadOnlyList<DepthRow> levels, List<BookLevelChange> into)
    {
        var now = new Dictionary<long, DepthRow>(levels.Count);
        foreach (var row in levels)
            now[row.Price.Ticks] = row;
        var ticks = _touched.Where(t => t.Side == side).Select(t => t.Ticks).ToList();
        ticks.Sort();
        if (side == Side.Buy)
            ticks.Reverse();
        foreach (var tick in ticks)
        {
            into.Add(now.TryGetValue(tick, out var row)
                ? new BookLevelChange(side, row.Price, row.Quantity, row.Orders)
                : new BookLevelChange(side, new Price(tick), default, 0));
        }
    }
}
