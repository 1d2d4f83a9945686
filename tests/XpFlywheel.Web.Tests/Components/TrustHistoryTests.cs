using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Economy.Components;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>What moved an agent's score over 7 days: a bounded list that still adds up.</summary>
public class TrustHistoryTests : MudTestContext
{
    private static readonly DateTime At = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// An agent with hundreds of jobs in a week listed every one, most of them "+0.0", and its page grew to 20,000 px
    /// at phone width. The list shows the newest changes that moved the score, at most
    /// <see cref="TrustHistory.ListedChanges"/>, and sums the rest on one line.
    /// </summary>
    [Fact]
    public void The_seven_day_history_lists_at_most_its_limit_of_changes_that_moved_the_score_and_sums_the_rest()
    {
        // 38 jobs of +0.5 (every fifth) among 152 of +0.01 (shown as +0.0), oldest first.
        var changes = Enumerable.Range(0, 190)
            .Select(i => new TrustChange(At.AddMinutes(i), $"job {i}", i % 5 == 0 ? 0.5 : 0.01))
            .ToList();
        var explanation = new TrustExplanation(new TrustScore(30, 0, 0), null, changes, 0, 0, [], [], ReputationRules.Default);

        var cut = Render<TrustHistory>(p => p.Add(x => x.Explanation, explanation));

        var items = cut.FindAll("[data-testid=trust-history] .mud-list-item").Select(e => e.TextContent).ToList();
        Assert.Equal(TrustHistory.ListedChanges + 1, items.Count);
        Assert.All(items.Take(TrustHistory.ListedChanges), text => Assert.Contains("+0.5", text));
        Assert.Contains("job 185", items[0]);
        var rest = cut.Find("[data-testid=trust-history-rest]").TextContent;
        Assert.Contains($"{190 - TrustHistory.ListedChanges} more changes", rest);
        // 13 of +0.5 and 152 of +0.01 not listed: +8.0 in all, so the list adds up to the change over the week.
        Assert.Contains("+8.0", rest);
    }

    [Fact]
    public void A_short_history_is_listed_whole_without_a_rest_line()
    {
        TrustChange[] changes = [new(At, "job 1", 1.2), new(At.AddHours(1), "job 2", -0.4)];
        var explanation = new TrustExplanation(new TrustScore(30, 0, 0), null, changes, 0, 0, [], [], ReputationRules.Default);

        var cut = Render<TrustHistory>(p => p.Add(x => x.Explanation, explanation));

        Assert.Equal(2, cut.FindAll("[data-testid=trust-history] .mud-list-item").Count);
        Assert.Empty(cut.FindAll("[data-testid=trust-history-rest]"));
    }
}
