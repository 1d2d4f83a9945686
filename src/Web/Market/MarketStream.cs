using XpFlywheel.Core.MarketData;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>
/// The numbered book stream the hub serves: the broadcaster advances it with each new book (numbered with the journal
/// sequence, as REST's book is), the hub reads a snapshot and ticker that match its sequence. One lock keeps the
/// snapshot, its sequence and its ticker together.
/// </summary>
public sealed class MarketStream
{
    private readonly BookDeltaStream _deltas = new(BookSnapshot.Depth);
    private readonly Lock _gate = new();
    private bool _halted;
    private TickerMessage? _ticker;

    /// <summary>
    /// Moves to <paramref name="book"/> and its <paramref name="ticker"/>; <paramref name="delta"/> is the change to
    /// broadcast, or null when the top levels did not change (the next delta's range covers this sequence). False when
    /// the book is older than the stream (a late copy): nothing of it is to be sent.
    /// </summary>
    public bool TryAdvance(BookSnapshot book, TickerMessage ticker, out BookDeltaMessage? delta)
    {
        var depth = DepthSnapshot.From([.. book.Bids], [.. book.Asks]);
        lock (_gate)
        {
            delta = null;
            if (book.Sequence < _deltas.Sequence)
                return false;
            if (_deltas.Publish(book.Sequence, depth) is { } next)
                delta = BookDeltaMessage.From(next);
            _halted = book.Halted;
            _ticker = ticker;
            return true;
        }
    }

    /// <summary>
    /// Moves to <paramref name="book"/> without sending anything: a committed book inside a paced publish. The next
    /// delta then lists every level this book changed, so a follower that started from it (REST's book, or this
    /// stream's snapshot) applies that delta exactly. A book older than the stream is ignored.
    /// </summary>
    public void Observe(BookSnapshot book, TickerMessage ticker)
    {
        var depth = DepthSnapshot.From([.. book.Bids], [.. book.Asks]);
        lock (_gate)
        {
            if (book.Sequence <= _deltas.Sequence)
                return;
            _deltas.Observe(book.Sequence, depth);
            _halted = book.Halted;
            _ticker = ticker;
        }
    }

    /// <summary>The streamed book as of its sequence.</summary>
    public BookSnapshotMessage Snapshot()
    {
        lock (_gate)
            return BookSnapshotMessage.From(_deltas.Sequence, _deltas.Current, _halted);
    }

    /// <summary>The streamed book with the ticker sent with it (null before the first advance).</summary>
    public (BookSnapshotMessage Book, TickerMessage? Ticker) Latest()
    {
        lock (_gate)
            return (BookSnapshotMessage.From(_deltas.Sequence, _deltas.Current, _halted), _ticker);
    }
}
