using System.Text.Json.Nodes;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching;

/// <summary>
/// The earning cost per XP, the floor of the rational price range (SPEC §8), is a market parameter an admin changes
/// ("every number is a default that an admin can change"): $0.01 by default, from one tick to the highest order price.
/// </summary>
public class EarningCostParameterTests
{
    [Fact]
    public void The_earning_cost_per_XP_defaults_to_one_cent_as_the_rational_range_floor()
    {
        Assert.Equal(Price.FromDollars(0.01m), MarketParameters.Default.EarningCost);
        Assert.Equal(RationalPriceRange.DefaultEarningCostPerXp, MarketParameters.Default.EarningCost.Dollars);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-100L)]
    [InlineData(MatchingEngine.MaxPriceTicks + 1)]
    public void An_earning_cost_outside_one_tick_to_the_highest_price_is_refused(long ticks)
    {
        var parameters = MarketParameters.Default with { EarningCostTicks = ticks };

        Assert.False(parameters.IsValid);
        Assert.Equal(["The earning cost per XP must be from $0.0001 to $1,000."], parameters.Validate());
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(250L)]
    [InlineData(MatchingEngine.MaxPriceTicks)]
    public void An_earning_cost_from_one_tick_to_the_highest_price_is_accepted(long ticks)
    {
        var parameters = MarketParameters.Default with { EarningCostTicks = ticks };

        Assert.True(parameters.IsValid);
        Assert.Empty(parameters.Validate());
        Assert.Equal(ticks / (decimal)Price.TicksPerDollar, RationalPriceRange.Compute(FeeSchedule.Default, [], parameters.EarningCost.Dollars).Floor);
    }

    /// <summary>A market-parameter command journaled before the earning cost was one reads back with the default, so old journals replay.</summary>
    [Fact]
    public void A_market_parameter_command_journaled_without_an_earning_cost_reads_back_with_the_default()
    {
        var json = JsonNode.Parse(CommandJson.Serialize(new SetMarketParameters(new MarketParameters(TakerFeeBps: 25, EarningCostTicks: 300)) { By = Actor.Admin("admin@test.local") }))!;
        var parameters = json["parameters"]!.AsObject();
        Assert.True(parameters.Remove("earningCostTicks"), "the serialized parameters name the field earningCostTicks");

        var back = Assert.IsType<SetMarketParameters>(CommandJson.Deserialize(json.ToJsonString()));

        Assert.Equal(new MarketParameters(TakerFeeBps: 25), back.Parameters);
    }
}
