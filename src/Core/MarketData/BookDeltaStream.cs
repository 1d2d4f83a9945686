namespace XpFlywheel.Core.MarketData;

/// <summary>
/// Turns successive book snapshots into numbered deltas of the top <see cref="Depth"/> levels for streaming to
/// programs. A subscriber starts from <see cref="Current"/> at <see cref="Sequence"/>, then applies each delta whose
/// sequence is one more than the last it applied. Single writer, like the market task that feeds it.
/// </summary>
public sealed class BookDeltaStream
{
    /// <param name="depth">Levels per side covered by the stream.</param>
    public BookDeltaStream(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        Depth = depth;
    }

    public int Depth { get; }

    /// <summary>The top levels as of <see cref="Sequence"/>; empty before the first publish.</summary>
    public DepthSnapshot Current { get; private set; } = DepthSnapshot.Empty;

    /// <summary>Sequence of the latest delta; zero before the first.</summary>
    public long Sequence { get; private set; }

    /// <summary>
    /// Moves to <paramref name="next"/> and returns the delta from the previous state, or null when the top levels did
    /// not change, so sequences stay gapless.
    /// </summary>
    public BookDelta? Publish(DepthSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var delta = BookDelta.Between(Current, next, Depth, Sequence + 1);
        if (delta.IsEmpty)
            return null;
        Current = next.Top(Depth);
        Sequence = delta.Sequence;
        return delta;
    }
}
