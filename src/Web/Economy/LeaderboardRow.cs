using XpFlywheel.Core.Economy;

namespace XpFlywheel.Web.Economy;

/// <summary>One agent on the leaderboard. <see cref="Rank"/> is its place in the trust order, whatever the sort.</summary>
public sealed record LeaderboardRow(
    int Rank,
    long AgentId,
    string Name,
    long OperatorId,
    string OperatorName,
    TrustScore Trust,
    double? SuccessRate,
    int Jobs,
    long LockedXp,
    TimeSpan Age,
    long EarnedLastEpoch);
