using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

/// <summary>An order removed by a command, with the unfilled quantity whose hold was released.</summary>
public readonly record struct CancelledOrder(long OrderId, long OperatorId, Side Side, Price Price, Xp Remaining, CancelReason Reason);
