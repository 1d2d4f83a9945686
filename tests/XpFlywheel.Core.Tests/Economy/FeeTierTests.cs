using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class FeeTierTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly FeeSchedule Schedule = FeeSchedule.Default;

    [Theory]
    [InlineData(0, "Basic")]
    [InlineData(9_999, "Basic")]
    [InlineData(10_000, "Bronze")]
    [InlineData(49_999, "Bronze")]
    [InlineData(50_000, "Silver")]
    [InlineData(249_999, "Silver")]
    [InlineData(250_000, "Gold")]
    [InlineData(999_999, "Gold")]
    [InlineData(1_000_000, "Platinum")]
    [InlineData(4_999_999, "Platinum")]
    [InlineData(5_000_000, "Diamond")]
    [InlineData(50_000_000, "Diamond")]
    public void Effective_tier_is_the_highest_whose_threshold_is_reached(long burned, string expected)
    {
        var tier = Schedule.EffectiveTier([new XpBurn(new Xp(burned), T0)], T0.AddDays(1));
        Assert.Equal(expected, tier.Name);
    }

    [Fact]
    public void Burn_counts_from_its_own_instant_until_one_window_later()
    {
        XpBurn[] burns = [new(new Xp(10_000), T0)];

        Assert.Equal("Basic", Schedule.EffectiveTier(burns, T0.AddSeconds(-1)).Name);
        Assert.Equal("Bronze", Schedule.EffectiveTier(burns, T0).Name);
        Assert.Equal("Bronze", Schedule.EffectiveTier(burns, T0.AddDays(30).AddSeconds(-1)).Name);
        Assert.Equal("Basic", Schedule.EffectiveTier(burns, T0.AddDays(30)).Name);
    }

    [Fact]
    public void Burns_in_the_window_add_up_toward_a_tier()
    {
        XpBurn[] burns = [new(new Xp(30_000), T0), new(new Xp(20_000), T0.AddDays(29))];

        Assert.Equal("Silver", Schedule.EffectiveTier(burns, T0.AddDays(29)).Name);
        Assert.Equal("Bronze", Schedule.EffectiveTier(burns, T0.AddDays(30)).Name);
    }

    [Fact]
    public void Tier_lapses_when_ageing_out_first_takes_the_window_below_its_threshold()
    {
        XpBurn[] burns = [new(new Xp(10_000), T0), new(new Xp(5_000), T0.AddDays(1)), new(new Xp(6_000), T0.AddDays(2))];

        var status = TierTimeline.Status(Schedule, burns, T0.AddDays(3));

        Assert.Equal("Bronze", status.Current.Name);
        Assert.Equal(new Xp(21_000), status.BurnedInWindow);
        Assert.Equal(T0.AddDays(31), status.LapsesAt);
        Assert.Equal("Basic", status.LapsesTo!.Name);
        Assert.Equal([T0.AddDays(30), T0.AddDays(31), T0.AddDays(32)], status.Expiries.Select(e => e.At));
        Assert.Equal([11_000L, 6_000L, 0L], status.Expiries.Select(e => e.WindowTotalAfter.Units));
    }

    [Fact]
    public void Lowest_tier_never_lapses()
    {
        var status = TierTimeline.Status(Schedule, [new XpBurn(new Xp(500), T0)], T0);

        Assert.Equal("Basic", status.Current.Name);
        Assert.Null(status.LapsesAt);
        Assert.Single(status.Expiries);
    }

    [Fact]
    public void Next_tier_need_is_its_threshold_minus_the_window_total()
    {
        var status = TierTimeline.Status(Schedule, [new XpBurn(new Xp(12_000), T0)], T0);

        Assert.Equal("Silver", status.Next!.Name);
        Assert.Equal(new Xp(38_000), status.NeededForNext);
    }

    [Fact]
    public void Top_tier_has_no_next_tier()
    {
        var status = TierTimeline.Status(Schedule, [new XpBurn(new Xp(6_000_000), T0)], T0);

        Assert.Null(status.Next);
        Assert.Equal(Xp.Zero, status.NeededForNext);
    }

    [Fact]
    public void Burns_after_the_instant_do_not_count()
    {
        var status = TierTimeline.Status(Schedule, [new XpBurn(new Xp(10_000), T0.AddSeconds(1))], T0);

        Assert.Equal("Basic", status.Current.Name);
        Assert.Empty(status.Expiries);
    }
}
