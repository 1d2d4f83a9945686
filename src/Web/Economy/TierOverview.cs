using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Economy;

/// <summary>An operator's tier card: the schedule, where it stands in it, its trailing volume and its XP.</summary>
public sealed record TierOverview(FeeSchedule Schedule, TierStatus Status, Cash MonthlyVolume, long AvailableXp, int ActiveAgents);
