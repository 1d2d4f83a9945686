using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>An operator's standing for burn decisions.</summary>
/// <param name="MonthlyVolume">Cash processed as provider over the trailing 30 days.</param>
/// <param name="CurrentTier">The operator's effective tier now.</param>
/// <param name="BurnedInWindow">XP burned in the trailing window, counting toward higher tiers.</param>
public sealed record OperatorPosition(Cash MonthlyVolume, FeeTier CurrentTier, Xp BurnedInWindow);
