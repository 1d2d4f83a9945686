namespace XpFlywheel.Core.Economy;

/// <summary>
/// Leaderboard order: higher exact trust first, then more locked XP, then the older agent, then the lower
/// agent id so the order is total and stable between refreshes.
/// </summary>
public sealed class LeaderboardComparer : IComparer<LeaderboardEntry>
{
    public static LeaderboardComparer Instance { get; } = new();

    public int Compare(LeaderboardEntry? x, LeaderboardEntry? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return 1;
        if (y is null)
            return -1;

        var byTrust = y.Trust.Total.CompareTo(x.Trust.Total);
        if (byTrust != 0)
            return byTrust;
        var byLocked = y.LockedXp.CompareTo(x.LockedXp);
        if (byLocked != 0)
            return byLocked;
        var byAge = x.CreatedAt.CompareTo(y.CreatedAt);
        return byAge != 0 ? byAge : x.AgentId.CompareTo(y.AgentId);
    }
}
