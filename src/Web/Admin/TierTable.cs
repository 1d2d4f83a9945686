using XpFlywheel.Core.Economy;

namespace XpFlywheel.Web.Admin;

/// <summary>The fee-tier table as stored under settings key <see cref="Key"/>: tiers lowest first and the burn window in days.</summary>
public sealed record TierTable(IReadOnlyList<FeeTier> Tiers, int WindowDays)
{
    public const string Key = "tiers";

    public static TierTable Default { get; } = new(FeeSchedule.Default.Tiers, (int)FeeSchedule.DefaultWindow.TotalDays);
}
