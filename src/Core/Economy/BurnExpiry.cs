using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// One step of the ageing-out timeline: at <see cref="At"/> the burns made 30 days earlier stop counting,
/// leaving <see cref="WindowTotalAfter"/> in the window and the operator in <see cref="TierAfter"/>
/// (assuming no further burns).
/// </summary>
public sealed record BurnExpiry(DateTimeOffset At, Xp AgesOut, Xp WindowTotalAfter, FeeTier TierAfter);
