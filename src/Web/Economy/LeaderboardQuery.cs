namespace XpFlywheel.Web.Economy;

/// <summary>One request for a page of the leaderboard. The default is the spec's order: trust, locked XP, age.</summary>
public sealed record LeaderboardQuery(string? Search = null, LeaderboardSort Sort = LeaderboardSort.Trust, bool Descending = true, int PageIndex = 0, int PageSize = 25);
