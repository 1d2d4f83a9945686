using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>What the tier card shows an operator at one instant.</summary>
/// <param name="Current">The effective tier now.</param>
/// <param name="BurnedInWindow">XP burned in the trailing window.</param>
/// <param name="LapsesAt">The earliest instant at which ageing-out burns take the window below the current
/// tier's threshold, or null when the tier cannot lapse (the lowest tier).</param>
/// <param name="LapsesTo">The tier held from <see cref="LapsesAt"/>, or null when it cannot lapse.</param>
/// <param name="Next">The tier above the current one, or null at the top.</param>
/// <param name="NeededForNext">XP still to burn now to reach <see cref="Next"/>; zero at the top.</param>
/// <param name="Expiries">When each burn in the window ages out, in time order.</param>
public sealed record TierStatus(
    FeeTier Current,
    Xp BurnedInWindow,
    DateTimeOffset? LapsesAt,
    FeeTier? LapsesTo,
    FeeTier? Next,
    Xp NeededForNext,
    IReadOnlyList<BurnExpiry> Expiries);
