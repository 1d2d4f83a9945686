using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class FeeScheduleValidationTests
{
    private static FeeTier Tier(string name, decimal rate, long threshold) => new(name, rate, new Xp(threshold));

    [Fact]
    public void Default_table_is_valid()
    {
        var result = FeeSchedule.Create(FeeSchedule.Default.Tiers, FeeSchedule.DefaultWindow);

        Assert.True(result.IsValid);
        Assert.Equal(6, result.Value!.Tiers.Count);
        Assert.Equal(TimeSpan.FromDays(30), result.Value.Window);
    }

    /// <summary>
    /// A fee rate finer than 0.0001% is refused where a table is entered: pages show a rate to that step, so
    /// 1.23456789% would be told as 1.23% and charged as something else. Rates on the step, down to 0.075% or
    /// 1.2345%, are taken as they are. A stored table with such a rate still validates (it loads and replays as it was).
    /// </summary>
    [Theory]
    [InlineData(0.0123456789, false)]
    [InlineData(0.0000005, false)]
    [InlineData(0.012345, true)]
    [InlineData(0.00075, true)]
    [InlineData(0.025, true)]
    public void A_fee_rate_finer_than_the_shown_step_is_refused_where_it_is_entered(decimal rate, bool onStep)
    {
        FeeTier[] table = [Tier("Basic", rate, 0)];

        var problems = FeeSchedule.OffStepRates(table);

        Assert.Equal(onStep, problems.Count == 0);
        if (!onStep)
            Assert.Contains("Basic: the fee rate has more than four decimals of a percent (0.0001% is the finest step)", Assert.Single(problems));
        Assert.True(FeeSchedule.Create(table, TimeSpan.FromDays(30)).IsValid);
    }

    [Theory]
    [InlineData("empty", "at least one tier")]
    [InlineData("first-threshold-not-zero", "threshold of 0")]
    [InlineData("threshold-not-increasing", "threshold must be above")]
    [InlineData("rate-of-one", "below 100%")]
    [InlineData("negative-rate", "at least 0%")]
    [InlineData("rate-rises", "must not be above")]
    [InlineData("zero-window", "window")]
    [InlineData("duplicate-name", "more than once")]
    [InlineData("blank-name", "needs a name")]
    [InlineData("markup-name", "cannot contain \"<\"")]
    [InlineData("long-name", "longer than 32")]
    public void Invalid_admin_table_is_refused_with_a_reason(string @case, string reason)
    {
        var window = @case == "zero-window" ? TimeSpan.Zero : TimeSpan.FromDays(30);
        FeeTier[] tiers = @case switch
        {
            "empty" => [],
            "first-threshold-not-zero" => [Tier("Basic", 0.025m, 1)],
            "threshold-not-increasing" => [Tier("Basic", 0.025m, 0), Tier("Bronze", 0.02m, 0)],
            "rate-of-one" => [Tier("Basic", 1m, 0)],
            "negative-rate" => [Tier("Basic", -0.01m, 0)],
            "rate-rises" => [Tier("Basic", 0.02m, 0), Tier("Bronze", 0.025m, 10)],
            "markup-name" => [Tier("Basic", 0.02m, 0), Tier("<script>x</script>", 0.01m, 10)],
            "long-name" => [Tier(new string('B', 33), 0.02m, 0)],
            "duplicate-name" => [Tier("Basic", 0.025m, 0), Tier("basic", 0.02m, 10)],
            "blank-name" => [Tier(" ", 0.025m, 0)],
            _ => [Tier("Basic", 0.025m, 0)],
        };

        var result = FeeSchedule.Create(tiers, window);

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Contains(result.Errors, e => e.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Equal_rates_on_consecutive_tiers_are_allowed()
    {
        var result = FeeSchedule.Create([Tier("Basic", 0.02m, 0), Tier("Bronze", 0.02m, 10)], TimeSpan.FromDays(1));

        Assert.True(result.IsValid);
    }

    [Fact]
    public void A_tier_without_a_name_is_named_by_its_position_in_every_message()
    {
        var result = FeeSchedule.Create([Tier("Basic", 0.025m, 0), Tier("", 0.02m, 10), Tier("Silver", 0.03m, 5)], TimeSpan.FromDays(30));

        Assert.False(result.IsValid);
        Assert.Contains("Tier 2 needs a name.", result.Errors);
        Assert.Contains("Silver: the fee rate must not be above Tier 2's.", result.Errors);
        Assert.Contains("Silver: the threshold must be above Tier 2's.", result.Errors);
        Assert.DoesNotContain(result.Errors, e => e.Contains(" 's", StringComparison.Ordinal) || e.StartsWith(':'));
    }
}
