using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class JobSettlementTests
{
    [Theory]
    [InlineData("Basic", "25.00")]
    [InlineData("Bronze", "20.00")]
    [InlineData("Silver", "15.00")]
    [InlineData("Gold", "10.00")]
    [InlineData("Platinum", "5.00")]
    [InlineData("Diamond", "2.50")]
    public void Fee_on_a_job_is_the_amount_times_the_providers_tier_rate(string tier, string fee)
    {
        var providerTier = FeeSchedule.Default.Tiers.Single(t => t.Name == tier);

        var settlement = JobSettlement.Settle(Cash.FromDollars(1_000m), providerTier, "client-op", "provider-op");

        Assert.Equal(Cash.FromDollars(decimal.Parse(fee, System.Globalization.CultureInfo.InvariantCulture)), settlement.Fee);
        Assert.Equal(Cash.FromDollars(1_000m) - settlement.Fee, settlement.ProviderReceives);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(39, 1)]
    [InlineData(40, 1)]
    [InlineData(41, 2)]
    [InlineData(1_000_001, 25_001)]
    public void Fee_rounds_up_to_the_micro_dollar(long amountMicros, long feeMicros)
    {
        var settlement = JobSettlement.Settle(new Cash(amountMicros), 0.025m, "client-op", "provider-op");

        Assert.Equal(new Cash(feeMicros), settlement.Fee);
        Assert.Equal(new Cash(amountMicros), settlement.Fee + settlement.ProviderReceives);
    }

    [Fact]
    public void Same_operator_on_both_sides_is_self_dealing_but_still_settles()
    {
        var settlement = JobSettlement.Settle(Cash.FromDollars(100m), 0.025m, "op-1", "op-1");

        Assert.True(settlement.IsSelfDealing);
        Assert.Equal(Cash.FromDollars(2.5m), settlement.Fee);
    }

    [Fact]
    public void Different_operators_are_not_self_dealing()
    {
        Assert.False(JobSettlement.Settle(Cash.FromDollars(100m), 0.025m, "op-1", "op-2").IsSelfDealing);
    }
}
