using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>Computes the rational XP price range from the operators' volumes (SPEC §8).</summary>
public static class RationalPriceRange
{
    /// <summary>The spec's default earning cost per XP: $0.01.</summary>
    public const decimal DefaultEarningCostPerXp = 0.01m;

    /// <summary>
    /// Ceiling = the highest break-even price (saving ÷ XP needed) over every operator and every tier above its
    /// current one; floor = <paramref name="earningCostPerXp"/>. A ceiling below the floor is returned as is:
    /// it tells the admin burning is not worth it at any sustainable price.
    /// </summary>
    public static PriceRange Compute(
        FeeSchedule schedule,
        IEnumerable<OperatorPosition> operators,
        decimal earningCostPerXp = DefaultEarningCostPerXp)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        decimal? ceiling = null;
        foreach (var position in operators)
        {
            foreach (var tier in schedule.Tiers.Where(t => t.FeeRate < position.CurrentTier.FeeRate))
            {
                var needed = BurnCalculator.XpNeeded(position, tier);
                var saving = BurnCalculator.MonthlySaving(position, tier);
                if (needed == Xp.Zero || saving <= Cash.Zero)
                    continue;
                var breakEven = BurnCalculator.BreakEvenPrice(saving, needed)!.Value;
                if (ceiling is null || breakEven > ceiling)
                    ceiling = breakEven;
            }
        }
        return new PriceRange(earningCostPerXp, ceiling);
    }
}
