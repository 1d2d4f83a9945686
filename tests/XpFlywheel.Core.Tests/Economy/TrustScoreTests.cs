using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class TrustScoreTests
{
    private static readonly DateTimeOffset Created = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Jobs of equal size from enough clients that none is capped: the weighted rate is succeeded ÷ jobs.
    private static TrustScore Score(int succeeded = 0, int jobs = 0, long locked = 0, double ageDays = 0) =>
        new TrustInputs(new Xp(locked), TimeSpan.FromDays(ageDays), jobs == 0 ? 0m : (decimal)succeeded / jobs, jobs).Score;

    [Fact]
    public void No_jobs_gives_no_success_part()
    {
        Assert.Equal(0, Score().SuccessPart);
        Assert.Equal(0, Score().Total);
    }

    [Theory]
    [InlineData(3, 4, 37.5)]
    [InlineData(4, 4, 50)]
    [InlineData(0, 4, 0)]
    public void Success_part_is_fifty_times_the_success_rate(int succeeded, int jobs, double part)
    {
        Assert.Equal(part, Score(succeeded, jobs).SuccessPart, 10);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(9, 9.5424250943932)]
    [InlineData(10, 10)]
    [InlineData(100, 20)]
    [InlineData(1_000, 30)]
    [InlineData(1_000_000, 30)]
    public void Lock_part_is_ten_log10_of_locked_xp_capped_at_30(long locked, double part)
    {
        Assert.Equal(part, Score(locked: locked).LockPart, 10);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(182.5, 10)]
    [InlineData(365, 20)]
    [InlineData(1_000, 20)]
    [InlineData(-5, 0)]
    public void Age_part_grows_to_20_over_one_year(double days, double part)
    {
        Assert.Equal(part, Score(ageDays: days).AgePart, 10);
    }

    [Fact]
    public void Perfect_agent_scores_100()
    {
        Assert.Equal(100m, Score(10, 10, 1_000_000, 1_000).Display);
    }

    [Fact]
    public void Display_rounds_to_one_decimal_but_total_stays_exact()
    {
        var score = Score(locked: 9);

        Assert.Equal(9.5m, score.Display);
        Assert.Equal("9.5", score.ToString());
        Assert.True(score.Total > 9.54);
    }

    [Fact]
    public void Unlocking_xp_does_not_count_for_trust()
    {
        var locked = XpLock.Lock(1, new Xp(1_000), Created).Lock!;
        var split = locked.RequestUnlock(new Xp(900), Created.AddDays(1), LockPolicy.Default);

        var inputs = TrustInputs.From("op", [], [split.Lock!, split.SplitOff!], Created, Created.AddDays(2), ReputationRules.Default);

        Assert.Equal(new Xp(100), inputs.LockedXp);
        Assert.Equal(20, inputs.Score.LockPart, 10);
    }

    [Fact]
    public void Self_dealing_jobs_are_excluded_from_the_success_rate()
    {
        ProviderJob[] jobs =
        [
            new("client-a", Cash.FromDollars(10m), true),
            new("client-b", Cash.FromDollars(10m), true),
            new("op", Cash.FromDollars(10m), false),
            new("op", Cash.FromDollars(10m), false),
        ];

        var inputs = TrustInputs.From("op", jobs, [], Created, Created, ReputationRules.Default);

        Assert.Equal(2, inputs.Jobs);
        Assert.Equal(50, inputs.Score.SuccessPart, 10);
    }

    [Fact]
    public void Only_self_dealing_jobs_count_as_no_jobs()
    {
        var inputs = TrustInputs.From("op", [new ProviderJob("op", Cash.FromDollars(10m), true)], [], Created, Created, ReputationRules.Default);

        Assert.Equal(0, inputs.Score.SuccessPart);
    }

    /// <summary>Locked XP raises trust only up to 1,000 XP locked: beyond it the lock part stays at 30.</summary>
    [Theory]
    [InlineData(0, 5_000, 1_000)]
    [InlineData(400, 5_000, 600)]
    [InlineData(400, 100, 100)]
    [InlineData(1_000, 50, 0)]
    [InlineData(2_500, 50, 0)]
    [InlineData(0, 0, 0)]
    public void Only_locked_xp_up_to_the_full_lock_part_raises_trust(long locked, long more, long counts)
    {
        Assert.Equal(counts, TrustScore.LockXpThatCounts(new Xp(locked), more));
        Assert.Equal(TrustScore.LockPartFor(new Xp(locked + counts)), TrustScore.LockPartFor(new Xp(locked + more)));
    }
}
