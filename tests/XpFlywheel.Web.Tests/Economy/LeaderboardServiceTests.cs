using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

public class LeaderboardServiceTests
{
    [Fact]
    public async Task Agents_rank_by_trust_then_more_locked_xp_then_older()
    {
        await using var factory = new AppFactory();
        var kit = new EconomyKit(factory.Services);
        var me = await kit.OperatorAsync(dollars: 100, xp: 10_000);
        var client = await kit.OperatorAsync(dollars: 100);
        var older = await kit.AgentAsync(me, "older");
        var younger = await kit.AgentAsync(me, "younger");
        var richer = await kit.AgentAsync(me, "richer");
        var best = await kit.AgentAsync(me, "best");
        var clientAgent = await kit.AgentAsync(client, "client");
        // 10 and 10 locked XP tie on the lock part; 1,000 vs 1,001 tie at the cap of 30 but differ in locked XP.
        await kit.Locks.LockAsync(me, older, 1_000);
        await kit.Locks.LockAsync(me, younger, 1_000);
        await kit.Locks.LockAsync(me, richer, 1_001);
        await kit.Locks.LockAsync(me, best, 1_000);
        await kit.Jobs.RecordAsync(client, clientAgent, best, 1m, true);

        var page = await kit.Board.PageAsync(new LeaderboardQuery());

        Assert.Equal(["best", "richer", "older", "younger", "client"], page.Items.Select(r => r.Name));
        Assert.Equal([1, 2, 3, 4, 5], page.Items.Select(r => r.Rank));
    }

    [Fact]
    public async Task Leaderboard_sorts_by_any_column_pages_and_searches_keeping_the_trust_rank()
    {
        await using var factory = new AppFactory();
        var kit = new EconomyKit(factory.Services);
        var me = await kit.OperatorAsync(xp: 100_000);
        for (var i = 1; i <= 7; i++)
        {
            var agent = await kit.AgentAsync(me, $"agent-{i}");
            await kit.Locks.LockAsync(me, agent, i * 10);
        }

        var byLockedAscending = await kit.Board.PageAsync(new LeaderboardQuery(Sort: LeaderboardSort.LockedXp, Descending: false, PageIndex: 1, PageSize: 3));
        var search = await kit.Board.PageAsync(new LeaderboardQuery(Search: "agent-2"));
        var byName = await kit.Board.PageAsync(new LeaderboardQuery(Sort: LeaderboardSort.Name, Descending: true, PageSize: 2));

        Assert.Equal(7, byLockedAscending.Total);
        Assert.Equal([40, 50, 60], byLockedAscending.Items.Select(r => r.LockedXp));
        Assert.Equal([4, 3, 2], byLockedAscending.Items.Select(r => r.Rank));
        var found = Assert.Single(search.Items);
        Assert.Equal((1, 6), (search.Total, found.Rank));
        Assert.Equal(["agent-7", "agent-6"], byName.Items.Select(r => r.Name));
    }

    /// <summary>
    /// The page's search reads text as names are stored (NFC), and a search holding a control character matches no
    /// agent, never every agent (a database reads U+0000 as the end of the pattern).
    /// </summary>
    [Fact]
    public async Task Leaderboard_search_is_normalized_and_one_with_a_control_character_matches_nothing()
    {
        await using var factory = new AppFactory();
        var kit = new EconomyKit(factory.Services);
        var me = await kit.OperatorAsync(xp: 100);
        await kit.AgentAsync(me, "caf\u00e9 one");
        await kit.AgentAsync(me, "plain two");

        var decomposed = await kit.Board.PageAsync(new LeaderboardQuery(Search: "cafe\u0301"));
        var composed = await kit.Board.PageAsync(new LeaderboardQuery(Search: "CAF\u00e9"));

        Assert.Equal("caf\u00e9 one", Assert.Single(decomposed.Items).Name);
        Assert.Equal("caf\u00e9 one", Assert.Single(composed.Items).Name);
        foreach (var search in new[] { "\0", "caf\0", "\u0007", "a\nb", "\ud800" })
        {
            var page = await kit.Board.PageAsync(new LeaderboardQuery(Search: search));
            Assert.Equal(0, page.Total);
            Assert.Empty(page.Items);
        }
        Assert.Equal(2, (await kit.Board.PageAsync(new LeaderboardQuery(Search: " \t "))).Total);
    }

    /// <summary>
    /// An operator without a display name is shown by the part of the email before the @, and the search reads that
    /// part only: a search for a domain finds no one, so it cannot tell whose address is where.
    /// </summary>
    [Fact]
    public async Task Leaderboard_search_finds_an_operator_by_the_name_shown_never_by_the_email_domain()
    {
        await using var factory = new AppFactory();
        var kit = new EconomyKit(factory.Services);
        var me = await Operators.CreateAsync(factory.Services, "harborlight@private-domain.test");
        await kit.AgentAsync(me, "Lighthouse");

        Assert.Equal("Lighthouse", Assert.Single((await kit.Board.PageAsync(new LeaderboardQuery(Search: "HARBOR"))).Items).Name);
        Assert.Equal(0, (await kit.Board.PageAsync(new LeaderboardQuery(Search: "private-domain"))).Total);
        Assert.Equal(0, (await kit.Board.PageAsync(new LeaderboardQuery(Search: "@private"))).Total);
    }

    [Fact]
    public async Task The_trust_order_ascending_shows_each_agent_at_its_trust_rank_counted_from_the_end()
    {
        await using var factory = new AppFactory();
        var kit = new EconomyKit(factory.Services);
        var me = await kit.OperatorAsync(xp: 100_000);
        for (var i = 1; i <= 7; i++)
        {
            var agent = await kit.AgentAsync(me, $"rank-{i}");
            // Two pairs tie on locked XP: the order between them is the older first, as in the trust order.
            await kit.Locks.LockAsync(me, agent, i is 3 or 5 ? (i + 1) * 10 : i * 10);
        }

        var descending = await kit.Board.PageAsync(new LeaderboardQuery(PageSize: 100));
        var ascending = new List<LeaderboardRow>();
        for (var page = 0; page < 3; page++)
            ascending.AddRange((await kit.Board.PageAsync(new LeaderboardQuery(Sort: LeaderboardSort.Trust, Descending: false, PageIndex: page, PageSize: 3))).Items);

        Assert.Equal(descending.Items.Select(r => (r.AgentId, r.Rank)).Reverse(), ascending.Select(r => (r.AgentId, r.Rank)));
        Assert.Equal([7, 6, 5, 4, 3, 2, 1], ascending.Select(r => r.Rank));
    }

    [Fact]
    public async Task A_page_in_another_order_shows_the_trust_rank_a_change_just_gave()
    {
        await using var factory = new AppFactory();
        var kit = new EconomyKit(factory.Services);
        var me = await kit.OperatorAsync(xp: 100_000);
        var first = await kit.AgentAsync(me, "first");
        var second = await kit.AgentAsync(me, "second");
        await kit.Locks.LockAsync(me, first, 100);
        var byName = new LeaderboardQuery(Sort: LeaderboardSort.Name, Descending: false);

        var before = await kit.Board.PageAsync(byName);
        Assert.Equal([("first", 1), ("second", 2)], before.Items.Select(r => (r.Name, r.Rank)));

        // More locked XP puts "second" ahead: the next page in any order says so at once.
        await kit.Locks.LockAsync(me, second, 500);
        var after = await kit.Board.PageAsync(byName);
        Assert.Equal([("first", 2), ("second", 1)], after.Items.Select(r => (r.Name, r.Rank)));
        var searched = await kit.Board.PageAsync(new LeaderboardQuery(Search: "second"));
        Assert.Equal(1, Assert.Single(searched.Items).Rank);
    }

    [Fact]
    public async Task Operators_rank_by_thirty_day_volume_without_self_dealing()
    {
        await using var factory = new AppFactory();
        var kit = new EconomyKit(factory.Services);
        var (big, small, client) = (await kit.OperatorAsync(dollars: 1_000), await kit.OperatorAsync(), await kit.OperatorAsync(dollars: 1_000));
        var (bigAgent, bigOther, smallAgent, clientAgent) = (await kit.AgentAsync(big), await kit.AgentAsync(big), await kit.AgentAsync(small), await kit.AgentAsync(client));
        await kit.Jobs.RecordAsync(client, clientAgent, bigAgent, 300m, true);
        await kit.Jobs.RecordAsync(client, clientAgent, smallAgent, 200m, true);
        await kit.Jobs.RecordAsync(big, bigOther, smallAgent, 100m, true);
        await kit.Jobs.RecordAsync(big, bigOther, bigAgent, 900m, true);

        var page = await kit.Board.OperatorsByVolumeAsync();

        Assert.Equal([(big, 300m), (small, 300m)], page.Items.Select(r => (r.OperatorId, r.Volume.Dollars)).Take(2).OrderBy(r => r.Item1 == big ? 0 : 1));
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task Retired_agents_leave_the_leaderboard_and_do_not_take_a_rank()
    {
        await using var factory = new AppFactory();
        var kit = new EconomyKit(factory.Services);
        var me = await kit.OperatorAsync(xp: 100);
        var retired = await kit.AgentAsync(me, "retired");
        var active = await kit.AgentAsync(me, "active");
        await kit.Agents.RetireAsync(me, retired);

        var page = await kit.Board.PageAsync(new LeaderboardQuery(Sort: LeaderboardSort.Name));

        var row = Assert.Single(page.Items);
        Assert.Equal((active, 1, 1), (row.AgentId, row.Rank, page.Total));
    }
}

/// <summary>The operators' 30-day volume comes from per-day rows plus the window's partial first day.</summary>
public sealed class OperatorVolumeWindowTests
{
    [Fact]
    public async Task Operator_volume_is_the_trailing_thirty_days_to_the_instant()
    {
        var clock = new XpFlywheel.Web.Tests.Epochs.TestClock(new DateTimeOffset(2026, 11, 1, 18, 0, 0, TimeSpan.Zero));
        await using var app = new XpFlywheel.Web.Tests.Epochs.ClockedAppFactory(clock);
        var kit = new EconomyKit(app.Services);
        var (x, y, client) = (await kit.OperatorAsync(), await kit.OperatorAsync(), await kit.OperatorAsync(dollars: 1_000));
        var (xAgent, yAgent, clientAgent) = (await kit.AgentAsync(x), await kit.AgentAsync(y), await kit.AgentAsync(client));
        var start = clock.GetUtcNow();
        Assert.True((await kit.Jobs.RecordAsync(client, clientAgent, xAgent, 100m, true)).Succeeded);
        clock.Advance(TimeSpan.FromHours(4)); // 22:00, the same UTC day
        Assert.True((await kit.Jobs.RecordAsync(client, clientAgent, xAgent, 50m, true)).Succeeded);
        clock.Advance(TimeSpan.FromDays(10));
        Assert.True((await kit.Jobs.RecordAsync(client, clientAgent, yAgent, 120m, true)).Succeeded);
        Assert.True((await kit.Jobs.RecordAsync(client, clientAgent, yAgent, 500m, false)).Succeeded); // failures are not volume

        async Task<List<(long, decimal, int)>> RankingAt(DateTimeOffset at)
        {
            clock.Set(at);
            var page = await kit.Board.OperatorsByVolumeAsync();
            return [.. page.Items.Select(r => (r.OperatorId, r.Volume.Dollars, r.Jobs))];
        }

        Assert.Equal([(x, 150m, 2), (y, 120m, 1)], await RankingAt(start.AddDays(30).AddMinutes(-1)));
        // The first job left the window; the second, later that same day, has not.
        Assert.Equal([(y, 120m, 1), (x, 50m, 1)], await RankingAt(start.AddDays(30).AddMinutes(1)));
        Assert.Equal([(y, 120m, 1)], await RankingAt(start.AddDays(30).AddHours(4).AddMinutes(1)));
        Assert.Empty(await RankingAt(start.AddDays(40).AddHours(4).AddMinutes(1)));
    }
}
