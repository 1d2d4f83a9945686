using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class LeaderboardComparerTests
{
    private static readonly DateTimeOffset Day0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static LeaderboardEntry Entry(long id, double trust, long locked, int createdDay) =>
        new(id, new TrustScore(trust, 0, 0), new Xp(locked), Day0.AddDays(createdDay));

    [Fact]
    public void Leaderboard_ranks_by_trust_then_locked_xp_then_age_then_agent_id()
    {
        LeaderboardEntry[] entries =
        [
            Entry(1, 40, 100, 0),
            Entry(2, 60, 100, 0),
            Entry(3, 50, 100, 5),
            Entry(4, 50, 200, 9),
            Entry(5, 50, 100, 1),
            Entry(6, 50, 100, 1),
        ];

        var ranked = entries.Order(LeaderboardComparer.Instance).Select(e => e.AgentId);

        Assert.Equal([2L, 4, 5, 6, 3, 1], ranked);
    }

    [Fact]
    public void Exact_trust_breaks_a_tie_in_the_displayed_score()
    {
        var higher = Entry(1, 50.04, 0, 0);
        var lower = Entry(2, 50.01, 1_000, 0);

        Assert.Equal(higher.Trust.Display, lower.Trust.Display);
        Assert.True(LeaderboardComparer.Instance.Compare(higher, lower) < 0);
    }
}
