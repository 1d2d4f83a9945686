namespace XpFlywheel.Web.Economy;

/// <summary>The leaderboard's sortable columns. Every sort falls back to the trust order for ties.</summary>
public enum LeaderboardSort { Trust, Name, Operator, SuccessRate, Jobs, LockedXp, Age, EarnedLastEpoch }
