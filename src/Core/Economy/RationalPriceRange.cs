using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>Computes the rational XP price range from the operators' volumes (SPEC §8).</summary>
public static class RationalPriceRange
{
    /// <summary>The spec's default earning cost per XP in dollars ($0.01), the default admin parameter <see cref="MarketParameters.EarningCostTicks"/>.</summary>
    public const decimal DefaultEarningCostPerXp = MarketParameters.DefaultEarningCostTicks / (decimal)Price.TicksPerDollar;

    /// <summary>
    /// Ceiling = the highest break-even price of holding a tier, over every operator and every tier above the lowest:
    /// the tier's discount on the lowest tier's rate at the operator's trailing volume, ÷ the tier's whole burn
    /// threshold. Burns age out of the window, so a tier is held only by burning its whole threshold again every
    /// window: above this price no operator would keep any tier, and XP has no use left to pay for. What an operator
    /// has already burned does not lower it (it is the next window's burn that the price must pay for), so the
    /// ceiling does not collapse as operators climb. Floor = <paramref name="earningCostPerXp"/> (dollars per XP; the admin's <see cref="MarketParameters.EarningCostTicks"/>). A ceiling below the
    /// floor is returned as is: it tells the admin burning is not worth it at any sustainable price yet.
    /// </summary>
    public static PriceRange Compute(
        FeeSchedule schedule,
        IEnumerable<OperatorPosition> operators,
        decimal earningCostPerXp = DefaultEarningCostPerXp)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var lowest = schedule.Tiers[0];
        decimal? ceiling = null;
        foreach (var position in operators)
        {
            foreach (var tier in schedule.Tiers.Where(t => t.FeeRate < lowest.FeeRate && t.BurnThreshold > Xp.Zero))
            {
                var saving = FeeMath.RoundedDown(position.MonthlyVolume, lowest.FeeRate - tier.FeeRate);
                if (saving <= Cash.Zero)
                    continue;
                var breakEven = BurnCalculator.BreakEvenPrice(saving, tier.BurnThreshold)!.Value;
                if (ceiling is null || breakEven > ceiling)
                    ceiling = breakEven;
            }
        }
        return new PriceRange(earningCostPerXp, ceiling);
    }
}
