using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Economy;

/// <summary>An operator ranked by 30-day provider volume (successful jobs, self-dealing excluded).</summary>
public sealed record OperatorVolumeRow(int Rank, long OperatorId, string OperatorName, Cash Volume, int Jobs, string Tier);
