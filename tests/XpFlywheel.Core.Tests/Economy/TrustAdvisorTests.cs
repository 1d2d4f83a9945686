using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class TrustAdvisorTests
{
    private static TrustInputs Inputs(int succeeded, int jobs, long locked, double ageDays) =>
        new(new Xp(locked), TimeSpan.FromDays(ageDays), jobs == 0 ? 0m : (decimal)succeeded / jobs, jobs);

    [Fact]
    public void Locking_up_to_1000_xp_is_suggested_when_it_gains_most()
    {
        var suggestion = TrustAdvisor.BestAction(Inputs(10, 10, 100, 400))!;

        Assert.Equal(TrustAction.LockXp, suggestion.Action);
        Assert.Equal(new Xp(900), suggestion.XpToLock);
        Assert.Equal(10, suggestion.Gain, 10);
        Assert.Equal("lock 900 XP more: +10.0", suggestion.Description);
    }

    [Fact]
    public void Lock_suggestion_is_capped_by_available_xp()
    {
        var suggestion = TrustAdvisor.BestAction(Inputs(10, 10, 100, 400), availableXp: new Xp(100))!;

        Assert.Equal(new Xp(100), suggestion.XpToLock);
        Assert.Equal(10 * Math.Log10(2), suggestion.Gain, 10);
    }

    [Fact]
    public void Successful_jobs_are_suggested_for_an_agent_with_no_jobs()
    {
        var suggestion = TrustAdvisor.BestAction(Inputs(0, 0, 1_000, 0))!;

        Assert.Equal(TrustAction.CompleteJobs, suggestion.Action);
        Assert.Equal(50, suggestion.Gain, 10);
    }

    [Fact]
    public void Waiting_is_suggested_only_when_nothing_else_helps()
    {
        var suggestion = TrustAdvisor.BestAction(Inputs(5, 5, 1_000, 0))!;

        Assert.Equal(TrustAction.Wait, suggestion.Action);
        Assert.Equal(30 / 18.25, suggestion.Gain, 10);
    }

    [Fact]
    public void No_suggestion_for_a_perfect_score()
    {
        Assert.Null(TrustAdvisor.BestAction(Inputs(5, 5, 1_000, 365)));
    }
}
