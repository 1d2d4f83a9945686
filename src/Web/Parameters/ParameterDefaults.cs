using System.Globalization;
using XpFlywheel.Core.Economy;

namespace XpFlywheel.Web.Parameters;

/// <summary>
/// What configuration says about parameters, for demos that run days of the economy in minutes:
/// <c>Epochs:Length</c> (e.g. "00:02:00"), when set and positive, replaces every stored epoch length, including one
/// promoted from a pending change; <c>Tiers:Window</c> (e.g. "00:06:00"), when set and positive, replaces the stored
/// window over which burns count toward a tier (SPEC §4), so tiers lapse and operators burn again within a demo.
/// </summary>
public sealed record ParameterDefaults(TimeSpan? EpochLength, TimeSpan? TierWindow = null)
{
    /// <summary>No configured override: the stored parameters apply as they are.</summary>
    public static ParameterDefaults None { get; } = new((TimeSpan?)null);

    public static ParameterDefaults From(IConfiguration configuration) =>
        new(Positive(configuration["Epochs:Length"]), Positive(configuration["Tiers:Window"]));

    /// <summary>Stored epoch rules as they are in force: with the configured length, if any.</summary>
    public EpochParameters Apply(EpochParameters stored) => EpochLength is { } length ? stored with { Length = length } : stored;

    /// <summary>A stored (already checked) tier table as it is in force: with the configured window, if any.</summary>
    public FeeSchedule Apply(FeeSchedule stored) =>
        TierWindow is { } window ? FeeSchedule.Create(stored.Tiers, window).Value ?? stored : stored;

    private static TimeSpan? Positive(string? value) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span : null;
}
