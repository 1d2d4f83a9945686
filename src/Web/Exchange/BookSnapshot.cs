using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// The top of the book after a committed batch: readers on any thread use it instead of touching the engine.
/// <see cref="Sequence"/> increases with every change, so a client can tell when it missed one.
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
