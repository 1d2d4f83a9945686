using XpFlywheel.Core.MarketData;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>
/// The numbered book stream the hub serves: the broadcaster advances it with each new book (numbered with the journal
/// sequence, as REST's book is), the hub reads a snapshot that matches its sequence. One lock keeps a snapshot and its
/// sequence together.
/// </summary>
public sealed class MarketStream
{
    private readonly BookDeltaStream _deltas = new(BookSnapshot.Depth);
    private readonly Lock _gate = new();
    private bool _halted;

    /// <summary>
    /// Moves to <paramref name="book"/>; the delta to broadcast, or null when the top levels did not change (the next
    /// delta's range covers this sequence).
    /// </summary>
    public BookDeltaMessage? Advance(BookSnapshot book)
    {
        var depth = DepthSnapshot.From([.. book.Bids], [.. book.Asks]);
        lock (_gate)
        {
            // A book older than one already streamed (a late copy) would step the stream back in time.
            if (book.Sequence < _deltas.Sequence)
                return null;
            var delta = _deltas.Publish(book.Sequence, depth);
            _halted = book.Halted;
            return delta is null ? null : BookDeltaMessage.From(delta);
        }
    }

    public BookSnapshotMessage Snapshot()
    {
        lock (_gate)
            return BookSnapshotMessage.From(_deltas.Sequence, _deltas.Current, _halted);
    }
}
