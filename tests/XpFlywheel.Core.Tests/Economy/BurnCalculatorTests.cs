using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class BurnCalculatorTests
{
    private static readonly FeeSchedule Schedule = FeeSchedule.Default;
    private static readonly FeeTier Basic = Schedule.Tiers[0];

    // 1,000,000 XP on the book: half at 5 cents, half at 6 cents.
    private static readonly QuoteLevel[] Asks =
    [
        new(Price.FromDollars(0.06m), new Xp(500_000)),
        new(Price.FromDollars(0.05m), new Xp(500_000)),
    ];

    private static readonly Price LastPrice = Price.FromDollars(0.06m);

    private static BurnPlan SpecExample() =>
        BurnCalculator.Plan(Schedule, new OperatorPosition(Cash.FromDollars(10_000_000m), Basic, Xp.Zero), Asks, LastPrice);

    private static TierOption Row(BurnPlan plan, string tier) => plan.Options.Single(o => o.Tier.Name == tier);

    [Fact]
    public void Ten_million_a_month_pays_250K_at_Basic_and_50K_at_Platinum()
    {
        var plan = SpecExample();

        Assert.Equal(Cash.FromDollars(250_000m), Row(plan, "Basic").MonthlyFee);
        Assert.Equal(Cash.FromDollars(50_000m), Row(plan, "Platinum").MonthlyFee);
        Assert.Equal(Cash.FromDollars(200_000m), Row(plan, "Platinum").MonthlySaving);
    }

    [Fact]
    public void Cost_of_a_tier_walks_the_asks_from_the_cheapest()
    {
        var platinum = Row(SpecExample(), "Platinum");

        Assert.Equal(new Xp(1_000_000), platinum.XpNeeded);
        Assert.Equal(Cash.FromDollars(55_000m), platinum.Cost.TotalCost);
        Assert.Equal(0.055m, platinum.Cost.AveragePrice);
        Assert.True(platinum.Cost.LiquiditySuffices);
        Assert.Equal(Cash.FromDollars(145_000m), platinum.NetSaving);
        Assert.Equal(145m / 55m, platinum.Roi);
    }

    [Fact]
    public void Break_even_price_is_the_saving_divided_by_the_xp_needed()
    {
        var plan = SpecExample();

        Assert.Equal(0.20m, Row(plan, "Platinum").BreakEvenPrice);
        Assert.Equal(5.00m, Row(plan, "Bronze").BreakEvenPrice);
        Assert.Null(Row(plan, "Basic").BreakEvenPrice);
    }

    [Fact]
    public void Thin_book_prices_the_remainder_at_the_fallback_and_says_so()
    {
        var diamond = Row(SpecExample(), "Diamond");

        Assert.False(diamond.Cost.LiquiditySuffices);
        Assert.Equal(new Xp(1_000_000), diamond.Cost.FromBook);
        Assert.Equal(new Xp(4_000_000), diamond.Cost.AtFallback);
        Assert.Equal(Cash.FromDollars(55_000m + 240_000m), diamond.Cost.TotalCost);
        Assert.Equal(Cash.FromDollars(225_000m - 295_000m), diamond.NetSaving);
    }

    [Fact]
    public void Recommended_tier_has_the_highest_positive_net_saving()
    {
        var plan = SpecExample();

        // Gold nets 150K − 12.5K = 137.5K; Platinum nets 200K − 55K = 145K.
        Assert.Equal(Cash.FromDollars(137_500m), Row(plan, "Gold").NetSaving);
        Assert.Equal("Platinum", plan.Recommended!.Tier.Name);
    }

    [Fact]
    public void No_tier_is_recommended_when_no_burn_pays_for_itself()
    {
        var plan = BurnCalculator.Plan(Schedule, new OperatorPosition(Cash.FromDollars(1_000m), Basic, Xp.Zero), Asks, LastPrice);

        Assert.Null(plan.Recommended);
        Assert.All(plan.Options, o => Assert.True(o.NetSaving <= Cash.Zero));
    }

    [Fact]
    public void Xp_already_burned_in_the_window_reduces_what_is_needed()
    {
        var bronze = Schedule.Tiers[1];
        var position = new OperatorPosition(Cash.FromDollars(1_000_000m), bronze, new Xp(12_000));

        var plan = BurnCalculator.Plan(Schedule, position, Asks, LastPrice);

        Assert.Equal(new Xp(38_000), Row(plan, "Silver").XpNeeded);
        Assert.Equal(Xp.Zero, Row(plan, "Bronze").XpNeeded);
        Assert.Equal(Xp.Zero, Row(plan, "Basic").XpNeeded);
        Assert.Equal(Cash.FromDollars(-5_000m), Row(plan, "Basic").MonthlySaving);
    }
}
