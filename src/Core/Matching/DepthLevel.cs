using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

/// <summary>One price level of the book, aggregated: total open quantity and number of orders.</summary>
public readonly record struct DepthLevel(Price Price, Xp Quantity, int Orders);
