using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Market;

/// <summary>
/// One row of the order book ladder: a price group's total size and orders, the running total from the best price,
/// and how wide its depth bar is (cumulative size as a percentage of the deepest row shown on either side).
/// </summary>
public sealed record LadderRow(Side Side, Price Price, Xp Quantity, int Orders, Xp Cumulative, double DepthPercent, bool Own);
