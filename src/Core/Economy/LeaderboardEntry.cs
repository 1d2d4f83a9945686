using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>The facts the leaderboard orders agents by.</summary>
public sealed record LeaderboardEntry(long AgentId, TrustScore Trust, Xp LockedXp, DateTimeOffset CreatedAt);
