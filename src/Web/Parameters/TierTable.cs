using XpFlywheel.Core.Economy;

namespace XpFlywheel.Web.Parameters;

/// <summary>
/// The fee-tier table as an admin edits it and as it is stored under <see cref="ParameterRows.TiersKey"/>: tiers lowest
/// first and the burn window in whole days (SPEC §4). <see cref="FeeSchedule.Create"/> checks it before it is used.
/// </summary>
public sealed record TierTable(IReadOnlyList<FeeTier> Tiers, int WindowDays)
{
    /// <summary>The spec's table (Basic 2.50% … Diamond 0.25%) over 30 days.</summary>
    public static TierTable Default { get; } = From(FeeSchedule.Default);

    /// <summary>
    /// The table of a checked schedule, its window in whole days and at least one: a demo's configured window of
    /// minutes (<c>Tiers:Window</c>) is not what an admin stores, and the form must never propose an invalid 0.
    /// </summary>
    public static TierTable From(FeeSchedule schedule) => new(schedule.Tiers, Math.Max(1, (int)schedule.Window.TotalDays));

    /// <summary>Checks the table as the core does (first threshold 0, thresholds rising, rates not rising, window positive).</summary>
    public Validated<FeeSchedule> ToSchedule() =>
        Tiers is null ? Validated<FeeSchedule>.Invalid(["The tier table has no tiers."]) : FeeSchedule.Create(Tiers, TimeSpan.FromDays(WindowDays));
}
