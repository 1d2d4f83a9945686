using System.Globalization;
using XpFlywheel.Core.Economy;

namespace XpFlywheel.Web.Parameters;

/// <summary>
/// What configuration says about parameters. Only <c>Epochs:Length</c> (e.g. "00:02:00" for demos): when set and
/// positive it replaces every stored epoch length, including one promoted from a pending change.
/// </summary>
public sealed record ParameterDefaults(TimeSpan? EpochLength)
{
    /// <summary>No configured override: the stored parameters apply as they are.</summary>
    public static ParameterDefaults None { get; } = new((TimeSpan?)null);

    public static ParameterDefaults From(IConfiguration configuration) =>
        TimeSpan.TryParse(configuration["Epochs:Length"], CultureInfo.InvariantCulture, out var length) && length > TimeSpan.Zero
            ? new ParameterDefaults(length)
            : None;

    /// <summary>Stored epoch rules as they are in force: with the configured length, if any.</summary>
    public EpochParameters Apply(EpochParameters stored) => EpochLength is { } length ? stored with { Length = length } : stored;
}
