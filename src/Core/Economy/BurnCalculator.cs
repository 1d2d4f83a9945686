using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// Whether burning XP to reach a cheaper tier pays for itself over the tier window the burn counts for
/// (30 days by default, SPEC §4): volumes, fees and savings are all over that window.
/// </summary>
public static class BurnCalculator
{
    /// <summary>
    /// Prices every tier of <paramref name="schedule"/> for <paramref name="position"/>, buying the missing XP by
    /// walking <paramref name="asks"/> and pricing anything the book cannot supply at
    /// <paramref name="fallbackPrice"/>.
    /// </summary>
    public static BurnPlan Plan(FeeSchedule schedule, OperatorPosition position, IReadOnlyCollection<QuoteLevel> asks, Price fallbackPrice)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(position);
        var options = schedule.Tiers.Select(tier => Option(position, tier, asks, fallbackPrice)).ToArray();

        TierOption? best = null;
        foreach (var option in options)
        {
            // Strictly greater keeps the lower tier on a tie: the same saving for less XP at risk.
            if (option.NetSaving > Cash.Zero && (best is null || option.NetSaving > best.NetSaving))
                best = option;
        }
        return new BurnPlan(options, best);
    }

    /// <summary>The monthly saving of <paramref name="tier"/> over the position's current tier, rounded down.</summary>
    public static Cash MonthlySaving(OperatorPosition position, FeeTier tier) =>
        FeeMath.RoundedDown(position.MonthlyVolume, position.CurrentTier.FeeRate - tier.FeeRate);

    /// <summary>XP still to burn to reach <paramref name="tier"/>; zero when already at or above it.</summary>
    public static Xp XpNeeded(OperatorPosition position, FeeTier tier) =>
        tier.BurnThreshold > position.BurnedInWindow ? tier.BurnThreshold - position.BurnedInWindow : Xp.Zero;

    /// <summary>Saving ÷ XP needed in USD per XP, or null when no XP is needed.</summary>
    public static decimal? BreakEvenPrice(Cash saving, Xp needed) =>
        needed == Xp.Zero ? null : saving.Dollars / needed.Units;

    private static TierOption Option(OperatorPosition position, FeeTier tier, IReadOnlyCollection<QuoteLevel> asks, Price fallbackPrice)
    {
        var needed = XpNeeded(position, tier);
        var cost = BookWalker.BuyFromAsks(asks, needed, fallbackPrice);
        var saving = MonthlySaving(position, tier);
        var net = saving - cost.TotalCost;
        decimal? roi = cost.TotalCost == Cash.Zero ? null : (decimal)net.Micros / cost.TotalCost.Micros;
        return new TierOption(tier, needed, cost, tier.FeeOn(position.MonthlyVolume), saving, net, roi, BreakEvenPrice(saving, needed));
    }
}
