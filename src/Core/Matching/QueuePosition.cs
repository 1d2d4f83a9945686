using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

/// <summary>What stands ahead of an order at its price level: it trades only after these.</summary>
public readonly record struct QueuePosition(int OrdersAhead, Xp QuantityAhead);
