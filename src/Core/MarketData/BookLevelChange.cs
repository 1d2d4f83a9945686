using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.MarketData;

/// <summary>
/// A price level's new state in a <see cref="BookDelta"/>. A zero <paramref name="Quantity"/> (with zero orders) means
/// the level left the book, or left the top levels the stream covers.
/// </summary>
public readonly record struct BookLevelChange(Side Side, Price Price, Xp Quantity, int Orders)
{
    /// <summary>True when the level was removed.</summary>
    public bool IsRemoval => Quantity.Units == 0;
}
