using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Economy.Components;

namespace XpFlywheel.Web.Tests.Components;

public class EconomyComponentTests : MudTestContext
{
    private static readonly LeaderboardRow[] Rows = [.. Enumerable.Range(1, 30).Select(i => new LeaderboardRow(
        i, i, $"agent-{i:00}", 1, "op", TrustScore.Compute(new TrustInputs(new Xp(31 - i), TimeSpan.Zero, 0m, 0)), null, (i * 7) % 30, 31 - i, TimeSpan.FromDays(i), 0))];

    private readonly List<LeaderboardQuery> _queries = [];

    // Pages and sorts like the service: by jobs when asked, else in rank order.
    private Task<Page<LeaderboardRow>> Load(LeaderboardQuery query)
    {
        _queries.Add(query);
        IEnumerable<LeaderboardRow> rows = query.Sort == LeaderboardSort.Jobs
            ? (query.Descending ? Rows.OrderByDescending(r => r.Jobs) : Rows.OrderBy(r => r.Jobs)).ThenBy(r => r.Rank)
            : Rows;
        return Task.FromResult(new Page<LeaderboardRow>([.. rows.Skip(query.PageIndex * query.PageSize).Take(query.PageSize)], Rows.Length, query.PageIndex, query.PageSize));
    }

    [Fact]
    public void Leaderboard_shows_the_first_page_in_trust_order_and_pages_forward()
    {
        var cut = Render<LeaderboardTable>(p => p.Add(x => x.Load, Load));

        Assert.Equal(25, cut.FindAll("tbody tr").Count);
        Assert.Equal("1–25 of 30", cut.Find("[data-testid=pager-position]").TextContent.Trim());
        cut.OnRenderer(() => cut.Find("button[aria-label='Next page']").Click());

        cut.WaitForAssertion(() => Assert.Equal("26–30 of 30", cut.Find("[data-testid=pager-position]").TextContent.Trim()));
        Assert.Equal(5, cut.FindAll("tbody tr").Count);
        Assert.Equal("26", cut.Find("tbody tr td").TextContent.Trim());
        Assert.Equal(new LeaderboardQuery(PageIndex: 1), _queries[^1]);
    }

    [Fact]
    public void Clicking_a_column_sorts_by_it_best_first_and_again_reverses_it_from_the_first_page()
    {
        var cut = Render<LeaderboardTable>(p => p.Add(x => x.Load, Load));
        cut.OnRenderer(() => cut.Find("button[aria-label='Next page']").Click());

        cut.OnRenderer(() => cut.Find("[data-sort=Jobs]").Click());
        cut.WaitForAssertion(() => Assert.Equal(new LeaderboardQuery(Sort: LeaderboardSort.Jobs, Descending: true), _queries[^1]));
        var firstDescending = cut.FindAll("tbody tr")[0].GetAttribute("data-agent");
        cut.OnRenderer(() => cut.Find("[data-sort=Jobs]").Click());

        cut.WaitForAssertion(() => Assert.Equal(new LeaderboardQuery(Sort: LeaderboardSort.Jobs, Descending: false), _queries[^1]));
        Assert.Equal(Rows.OrderByDescending(r => r.Jobs).ThenBy(r => r.Rank).First().AgentId.ToString(), firstDescending);
        Assert.Equal(Rows.OrderBy(r => r.Jobs).ThenBy(r => r.Rank).First().AgentId.ToString(), cut.FindAll("tbody tr")[0].GetAttribute("data-agent"));
    }

    /// <summary>The sorted column's header says so to assistive technology (aria-sort), the others carry no sort.</summary>
    [Fact]
    public void The_sorted_column_header_carries_aria_sort_and_the_others_none()
    {
        var cut = Render<LeaderboardTable>(p => p.Add(x => x.Load, Load));
        string? Sort(string column) => cut.Find($"[data-sort={column}]").Closest("th")!.GetAttribute("aria-sort");

        Assert.Equal("descending", Sort("Trust"));
        Assert.Null(Sort("Jobs"));

        cut.OnRenderer(() => cut.Find("[data-sort=Jobs]").Click());
        cut.WaitForAssertion(() => Assert.Equal("descending", Sort("Jobs")));
        Assert.Null(Sort("Trust"));
        cut.OnRenderer(() => cut.Find("[data-sort=Jobs]").Click());
        cut.WaitForAssertion(() => Assert.Equal("ascending", Sort("Jobs")));
        Assert.Single(cut.FindAll("th[aria-sort]"));
    }

    [Fact]
    public void Burn_calculator_reproduces_the_briefs_ten_million_dollar_example()
    {
        var position = new OperatorPosition(Cash.FromDollars(10_000_000), FeeSchedule.Default.Tiers[0], Xp.Zero);

        var cut = Render<BurnCalculatorView>(p => p
            .Add(x => x.Schedule, FeeSchedule.Default)
            .Add(x => x.Position, position)
            .Add(x => x.Asks, [new QuoteLevel(Price.FromDollars(0.05m), new Xp(10_000_000))])
            .Add(x => x.FallbackPrice, Price.FromDollars(0.05m)));

        var basic = cut.Find("tr[data-tier=Basic]").TextContent;
        var platinum = cut.Find("tr[data-tier=Platinum]").TextContent;
        Assert.Contains("$250,000.00", basic);
        Assert.Contains("1,000,000", platinum);
        Assert.Contains("$50,000.00", platinum);   // cost of 1,000,000 XP at $0.05, and the monthly fee at 0.5%
        Assert.Contains("$200,000.00", platinum);  // saving: $250K − $50K
        Assert.Contains("$150,000.00", platinum);  // net of the XP's cost
        Assert.Contains("300.0%", platinum);
        Assert.Contains("$0.2000", platinum);      // break-even: $200K ÷ 1,000,000 XP
        Assert.Contains("Recommended: Platinum", cut.Find("[data-testid=burn-recommendation]").TextContent);
    }

    [Fact]
    public void Burn_calculator_states_its_figures_over_the_tier_window()
    {
        var schedule = FeeSchedule.Create(FeeSchedule.Default.Tiers, TimeSpan.FromHours(6)).Value!;
        var position = new OperatorPosition(Cash.FromDollars(10_000_000), schedule.Tiers[0], Xp.Zero);

        var cut = Render<BurnCalculatorView>(p => p
            .Add(x => x.Schedule, schedule)
            .Add(x => x.Position, position)
            .Add(x => x.Asks, [new QuoteLevel(Price.FromDollars(0.05m), new Xp(10_000_000))])
            .Add(x => x.FallbackPrice, Price.FromDollars(0.05m)));

        Assert.Contains("Saving over 6 hours", cut.Find("thead").TextContent);
        Assert.Contains("over 6 hours.", cut.Find("[data-testid=burn-recommendation]").TextContent);
        Assert.DoesNotContain("30 days", cut.Markup);
    }

    [Fact]
    public void Lock_countdown_ticks_down_to_the_release()
    {
        var releasableAt = new DateTime(2026, 3, 8, 12, 0, 0, DateTimeKind.Utc);
        var clock = new FakeClock(releasableAt - new TimeSpan(6, 23, 59, 59));
        Services.AddSingleton<TimeProvider>(clock);

        var cut = Render<LockCountdown>(p => p.Add(x => x.ReleasableAt, releasableAt));
        Assert.Equal("6d 23h 59m 59s", cut.Find("[data-testid=lock-countdown]").TextContent);
        clock.Now += TimeSpan.FromMinutes(1);

        cut.WaitForAssertion(() => Assert.Equal("6d 23h 58m 59s", cut.Find("[data-testid=lock-countdown]").TextContent), TimeSpan.FromSeconds(5));
        clock.Now = releasableAt;
        cut.WaitForAssertion(() => Assert.Equal(LockCountdown.Due, cut.Find("[data-testid=lock-countdown]").TextContent), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("releases in", cut.Markup);
    }
}
