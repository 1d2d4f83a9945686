using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// One row of the tier table: the fee rate an operator pays as a provider once it has burned at least
/// <see cref="BurnThreshold"/> XP within the schedule's window.
/// </summary>
/// <param name="Name">Display name, e.g. "Gold".</param>
/// <param name="FeeRate">Fraction of the job amount, e.g. 0.025m for 2.50%.</param>
/// <param name="BurnThreshold">XP burned in the window needed to hold this tier.</param>
public sealed record FeeTier(string Name, decimal FeeRate, Xp BurnThreshold)
{
    /// <summary>The fee on <paramref name="amount"/> at this tier, rounded up to the micro-dollar.</summary>
    public Cash FeeOn(Cash amount) => FeeMath.FeeOn(amount, FeeRate);
}
