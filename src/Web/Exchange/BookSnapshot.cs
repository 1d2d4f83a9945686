using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// The top of the book after a committed batch: readers on any thread use it instead of touching the engine.
/// <see cref="Sequence"/> is the journal sequence of the last command applied when the book was published: it never
/// goes back (not across a restart either), and it is the number REST's book, the hub's snapshot and the hub's deltas
/// share, so a follower can start from any of them and place every later delta, trade and ticker against it.
/// <see cref="At"/> is the time the writer stamped on the batch that published it (the time of its commands and
/// trades), or the time the exchange loaded for the book published at start.
/// </summary>
public sealed record BookSnapshot(
    long Sequence,
    IReadOnlyList<DepthLevel> Bids,
    IReadOnlyList<DepthLevel> Asks,
    Price? LastPrice,
    Price? ReferencePrice,
    bool Halted,
    DateTimeOffset At)
{
    public const int Depth = 50;

    public static BookSnapshot Empty { get; } = new(0, [], [], null, null, false, DateTimeOffset.UnixEpoch);

    public Price? BestBid => Bids.Count > 0 ? Bids[0].Price : null;
    public Price? BestAsk => Asks.Count > 0 ? Asks[0].Price : null;
}
