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
    public void Xp_already_burned_raises_the_break_even_price()
    {
        // Bronze with 40,000 burned: Silver saves 0.5% of $1M = $5,000 for 10,000 XP.
        OperatorPosition[] operators = [new(Cash.FromDollars(1_000_000m), Schedule.Tiers[1], new Xp(40_000))];

        Assert.Equal(0.50m, RationalPriceRange.Compute(Schedule, operators).Ceiling);
    }

    [Fact]
    public void No_ceiling_when_nobody_can_gain_from_burning()
    {
        OperatorPosition[] operators = [new(Cash.FromDollars(1_000_000m), Schedule.Tiers[^1], new Xp(6_000_000))];

        Assert.Null(RationalPriceRange.Compute(Schedule, operators).Ceiling);
        Assert.Null(RationalPriceRange.Compute(Schedule, []).Ceiling);
    }

    [Fact]
    public void Floor_is_the_configured_earning_cost()
    {
        Assert.Equal(0.02m, RationalPriceRange.Compute(Schedule, [], 0.02m).Floor);
    }
}
