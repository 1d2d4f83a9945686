using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// The fee-tier table as an admin edits it, stored under <see cref="Key"/> in the settings store. The defaults are
/// the spec's table (SPEC §4) over a 30-day window.
/// </summary>
public sealed record TierSettings(IReadOnlyList<TierSettingRow> Tiers, int WindowDays)
{
    public const string Key = "tiers";

    public static TierSettings Default { get; } = From(FeeSchedule.Default);

    public static TierSettings From(FeeSchedule schedule) => new(
        [.. schedule.Tiers.Select(t => new TierSettingRow(t.Name, t.FeeRate, t.BurnThreshold.Units))],
        (int)schedule.Window.TotalDays);

    /// <summary>Checks the table with the core's rules; the admin page shows <see cref="Validated{T}.Errors"/>.</summary>
    public Validated<FeeSchedule> ToSchedule() =>
        FeeSchedule.Create(Tiers.Select(t => new FeeTier(t.Name, t.FeeRate, new Xp(t.Threshold))), TimeSpan.FromDays(WindowDays));
}
