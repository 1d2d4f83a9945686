using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class RationalPriceRangeTests
{
    private static readonly FeeSchedule Schedule = FeeSchedule.Default;

    [Fact]
    public void Ceiling_is_the_highest_break_even_price_over_operators_and_tiers()
    {
        OperatorPosition[] operators =
        [
            // Basic → Bronze saves 0.5% of $10M = $50K for 10,000 XP: $5.00 per XP.
            new(Cash.FromDollars(10_000_000m), Schedule.Tiers[0], Xp.Zero),
            new(Cash.FromDollars(100_000m), Schedule.Tiers[0], Xp.Zero),
        ];

        var range = RationalPriceRange.Compute(Schedule, operators);

        Assert.Equal(5.00m, range.Ceiling);
        Assert.Equal(0.01m, range.Floor);
    }

    [Fact]
    public void Ceiling_does_not_fall_as_an_operator_climbs_because_a_held_tier_is_burned_again_every_window()
    {
        // Gold with 300,000 burned on $10M: Bronze (0.5% for 10,000 XP) still prices holding a tier at $5.00 per XP,
        // as it does for the same volume at Basic.
        OperatorPosition[] climbed = [new(Cash.FromDollars(10_000_000m), Schedule.Tiers[3], new Xp(300_000))];
        OperatorPosition[] fresh = [new(Cash.FromDollars(10_000_000m), Schedule.Tiers[0], Xp.Zero)];

        Assert.Equal(5.00m, RationalPriceRange.Compute(Schedule, climbed).Ceiling);
        Assert.Equal(RationalPriceRange.Compute(Schedule, fresh).Ceiling, RationalPriceRange.Compute(Schedule, climbed).Ceiling);
    }

    [Fact]
    public void Ceiling_of_an_operator_at_the_top_tier_still_counts()
    {
        // Diamond, far past every threshold: $1M holds Bronze at 0.5% × $1M ÷ 10,000 = $0.50 per XP.
        OperatorPosition[] operators = [new(Cash.FromDollars(1_000_000m), Schedule.Tiers[^1], new Xp(6_000_000))];

        Assert.Equal(0.50m, RationalPriceRange.Compute(Schedule, operators).Ceiling);
    }

    [Fact]
    public void Ceiling_of_a_table_whose_best_ratio_is_a_higher_tier_uses_that_tier()
    {
        var schedule = FeeSchedule.Create(
            [new FeeTier("Basic", 0.03m, Xp.Zero), new FeeTier("Small", 0.029m, new Xp(100_000)), new FeeTier("Big", 0.01m, new Xp(200_000))],
            TimeSpan.FromDays(30)).Value!;
        // Small: 0.1% × $1M ÷ 100,000 = $0.01; Big: 2% × $1M ÷ 200,000 = $0.10.
        OperatorPosition[] operators = [new(Cash.FromDollars(1_000_000m), schedule.Tiers[0], Xp.Zero)];

        Assert.Equal(0.10m, RationalPriceRange.Compute(schedule, operators).Ceiling);
    }

    [Fact]
    public void No_ceiling_when_nobody_has_volume_to_save_on()
    {
        OperatorPosition[] operators = [new(Cash.Zero, Schedule.Tiers[0], Xp.Zero)];

        Assert.Null(RationalPriceRange.Compute(Schedule, operators).Ceiling);
        Assert.Null(RationalPriceRange.Compute(Schedule, []).Ceiling);
    }

    [Fact]
    public void Ceiling_below_the_floor_is_returned_as_is_when_volumes_are_still_small()
    {
        // $100 of work: Bronze saves $0.50 for 10,000 XP, $0.00005 per XP, far below the $0.01 floor.
        OperatorPosition[] operators = [new(Cash.FromDollars(100m), Schedule.Tiers[0], Xp.Zero)];

        var range = RationalPriceRange.Compute(Schedule, operators);

        Assert.Equal(0.00005m, range.Ceiling);
        Assert.True(range.Ceiling < range.Floor);
    }

    [Fact]
    public void Floor_is_the_configured_earning_cost()
    {
        Assert.Equal(0.02m, RationalPriceRange.Compute(Schedule, [], 0.02m).Floor);
    }
}
