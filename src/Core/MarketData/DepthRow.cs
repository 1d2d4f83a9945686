using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.MarketData;

/// <summary>
/// One price level of a <see cref="DepthSnapshot"/> with running totals from the best price down to this level, as the
/// ladder's size column and the depth chart's curve need them.
/// </summary>
/// <param name="Orders">Number of resting orders at the price.</param>
/// <param name="CumulativeQuantity">XP at this level and every better one on the same side.</param>
/// <param name="CumulativeNotional">Cash value of <paramref name="CumulativeQuantity"/>, each level at its own price.</param>
public readonly record struct DepthRow(Price Price, Xp Quantity, int Orders, Xp CumulativeQuantity, Cash CumulativeNotional);
