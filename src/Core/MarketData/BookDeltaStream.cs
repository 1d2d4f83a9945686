namespace XpFlywheel.Core.MarketData;

/// <summary>
/// Turns successive books, each numbered with the journal sequence of the last command applied to it, into deltas of
/// the top <see cref="Depth"/> levels for streaming to programs. A book whose top levels did not change gives no delta;
/// the next delta's range covers its sequence, so ranges stay contiguous and a subscriber sees no gap.
/// <para>
/// A subscriber holding the top levels as of any sequence S this stream published (its <see cref="Sequence"/> and
/// <see cref="Current"/> at that moment, or a book numbered S elsewhere) drops deltas whose <see cref="BookDelta.Sequence"/>
/// is at most S, applies the first one with <see cref="BookDelta.FirstSequence"/> ≤ S + 1 ≤ <see cref="BookDelta.Sequence"/>,
/// then each next one, and holds <see cref="Current"/>. Single writer, like the market task that feeds it.
/// </para>
/// </summary>
public sealed class BookDeltaStream
{
    private long _lastDelta;

    /// <param name="depth">Levels per side covered by the stream.</param>
    public BookDeltaStream(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        Depth = depth;
    }

    public int Depth { get; }

    /// <summary>The top levels as of <see cref="Sequence"/>; empty before the first publish.</summary>
    public DepthSnapshot Current { get; private set; } = DepthSnapshot.Empty;

    /// <summary>Journal sequence of the latest book published, whether or not it gave a delta; zero before the first.</summary>
    public long Sequence { get; private set; }

    /// <summary>
    /// Moves to <paramref name="next"/>, the book as of journal sequence <paramref name="sequence"/>, and returns the
    /// delta from the last one sent, covering every sequence since; null when the top levels did not change.
    /// Publishing the same sequence again with the same top levels does nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequence"/> is below <see cref="Sequence"/>: the stream never goes back.</exception>
    /// <exception cref="ArgumentException">The top levels changed while the sequence stayed the same: no command numbers that change.</exception>
    public BookDelta? Publish(long sequence, DepthSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, Sequence);
        if (sequence == Sequence)
        {
            if (!next.Top(Depth).Equals(Current))
                throw new ArgumentException($"The book changed without its sequence moving from {sequence}.", nameof(next));
            return null;
        }
        var delta = BookDelta.Between(Current, next, Depth, _lastDelta + 1, sequence);
        Sequence = sequence;
        if (delta.IsEmpty)
            return null;
        Current = next.Top(Depth);
        _lastDelta = sequence;
        return delta;
    }
}
