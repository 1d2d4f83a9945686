using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

/// <summary>
/// Changes a resting order. <paramref name="NewQuantity"/> is the new open (unfilled) quantity; null keeps it.
/// <paramref name="NewPrice"/> null keeps the price. A quantity decrease alone keeps time priority; a price change or
/// a quantity increase re-queues the order at the back of its level, re-checks band and holds, and may trade.
/// </summary>
public readonly record struct AmendOrder(long OrderId, long OperatorId, Xp? NewQuantity = null, Price? NewPrice = null, long Timestamp = 0);
