using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Economy.Components;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>The trust page explains the rules in plain words and shows which jobs counted and why (SPEC §6).</summary>
public class CountedJobsTests : MudTestContext
{
    private static readonly DateTime At = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Trust_page_lists_each_job_with_whether_it_counts_and_why_and_states_the_rules()
    {
        JobCount[] jobs =
        [
            new(1, At, 7, "Client-1", Cash.FromDollars(100m), true, JobVerdict.Counted),
            new(2, At, 8, "Dusty", Cash.FromDollars(0.001m), true, JobVerdict.BelowMinimum),
            new(3, At, 9, "Grim", Cash.FromDollars(500m), false, JobVerdict.AwaitingWindow),
            new(4, At, 9, "Grim", Cash.FromDollars(500m), false, JobVerdict.Disputed),
        ];
        var record = ProviderRecord.Of("1", jobs.Select(j => j.AsProviderJob), ReputationRules.Default);
        var explanation = new TrustExplanation(new TrustScore(50, 0, 0), null, [], 0, 0, jobs, record.Clients, ReputationRules.Default);

        var cut = Render<CountedJobs>(p => p.Add(x => x.Explanation, explanation));

        var rules = cut.Find("[data-testid=trust-rules]").TextContent;
        Assert.Contains("$1.00", rules);
        Assert.Contains("20.00%", rules);
        Assert.Contains("dispute window (3 days)", rules);
        var rows = cut.FindAll("[data-testid=counted-jobs] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Contains("Counts", rows[0]);
        Assert.Contains("Below the minimum job amount", rows[1]);
        Assert.Contains("counts once the window passes", rows[2]);
        Assert.Contains("counts once an admin resolves it", rows[3]);
        Assert.Single(cut.FindAll("[data-testid=client-weights] tbody tr"));
    }

    [Fact]
    public void With_fewer_clients_than_the_cap_can_hold_the_trust_page_says_they_weigh_equally_and_caps_only_the_larger()
    {
        JobCount[] jobs =
        [
            new(1, At, 7, "Big", Cash.FromDollars(3_100m), true, JobVerdict.Counted),
            new(2, At, 8, "Tiny", Cash.FromDollars(1m), false, JobVerdict.Counted),
        ];
        var record = ProviderRecord.Of("1", jobs.Select(j => j.AsProviderJob), ReputationRules.Default);
        var explanation = new TrustExplanation(new TrustScore(25, 0, 0), null, [], 0, 0, jobs, record.Clients, ReputationRules.Default);

        var cut = Render<CountedJobs>(p => p.Add(x => x.Explanation, explanation));

        var equal = cut.Find("[data-testid=trust-equal-weights]").TextContent;
        Assert.Contains("fewer than 5 client operators", equal);
        Assert.Contains("this agent has 2, each at 50.00%", equal);
        var rows = cut.FindAll("[data-testid=client-weights] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains("(capped)", Assert.Single(rows, r => r.Contains("$3,100.00")));
        Assert.DoesNotContain("(capped)", Assert.Single(rows, r => r.Contains("$1.00")));
    }

    [Fact]
    public void With_as_many_clients_as_the_cap_can_hold_the_trust_page_does_not_speak_of_equal_weights()
    {
        JobCount[] jobs = [.. Enumerable.Range(1, 5).Select(i => new JobCount(i, At, 10 + i, $"Client-{i}", Cash.FromDollars(100m), true, JobVerdict.Counted))];
        var record = ProviderRecord.Of("1", jobs.Select(j => j.AsProviderJob), ReputationRules.Default);
        var explanation = new TrustExplanation(new TrustScore(50, 0, 0), null, [], 0, 0, jobs, record.Clients, ReputationRules.Default);

        var cut = Render<CountedJobs>(p => p.Add(x => x.Explanation, explanation));

        Assert.Empty(cut.FindAll("[data-testid=trust-equal-weights]"));
    }

    [Fact]
    public async Task Job_times_show_in_the_readers_zone_not_fixed_utc()
    {
        JobCount[] jobs = [new(1, At, 7, "Client-1", Cash.FromDollars(100m), true, JobVerdict.Counted)];
        var record = ProviderRecord.Of("1", jobs.Select(j => j.AsProviderJob), ReputationRules.Default);
        var explanation = new TrustExplanation(new TrustScore(50, 0, 0), null, [], 0, 0, jobs, record.Clients, ReputationRules.Default);
        var display = new XpFlywheel.Web.Components.Layout.DisplaySettings(null, null, "America/New_York", null);

        var cut = Render<CountedJobs>(p => p.Add(x => x.Explanation, explanation).AddCascadingValue(display));

        Assert.Contains("2026-11-30 07:00 UTC\u22125", cut.Find("[data-testid=counted-jobs] tbody tr").TextContent);
        await cut.InvokeAsync(() => display.SetUtc(true));
        cut.WaitForAssertion(() => Assert.Contains("2026-11-30 12:00 UTC", cut.Find("[data-testid=counted-jobs] tbody tr").TextContent));
    }
}
