using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>One row of the burn calculator: what reaching <see cref="Tier"/> costs and saves per 30 days.</summary>
/// <param name="Tier">The tier considered.</param>
/// <param name="XpNeeded">Threshold − XP already burned in the window, never below zero.</param>
/// <param name="Cost">The cost of buying <see cref="XpNeeded"/> by walking the asks.</param>
/// <param name="MonthlyFee">Fees the operator's volume would pay at this tier (rounded up).</param>
/// <param name="MonthlySaving">Volume × (current rate − this rate), rounded down; negative below the current tier.</param>
/// <param name="NetSaving">Saving − cost.</param>
/// <param name="Roi">Net saving ÷ cost; null when nothing needs buying.</param>
/// <param name="BreakEvenPrice">USD per XP at which the saving just pays for the XP (saving ÷ XP needed); null when
/// no XP is needed.</param>
public sealed record TierOption(
    FeeTier Tier,
    Xp XpNeeded,
    AskWalk Cost,
    Cash MonthlyFee,
    Cash MonthlySaving,
    Cash NetSaving,
    decimal? Roi,
    decimal? BreakEvenPrice);
