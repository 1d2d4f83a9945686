using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// The ordered fee-tier table and the trailing window over which burns count (SPEC §4).
/// Build one with <see cref="Create"/> so admin input is checked; <see cref="Default"/> is the spec's table.
/// </summary>
public sealed class FeeSchedule
{
    /// <summary>The spec's default window: burns count for 30 days.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);

    /// <summary>Basic 2.50% … Diamond 0.25%, over a 30-day window.</summary>
    public static FeeSchedule Default { get; } = new(
    [
        new FeeTier("Basic", 0.025m, new Xp(0)),
        new FeeTier("Bronze", 0.020m, new Xp(10_000)),
        new FeeTier("Silver", 0.015m, new Xp(50_000)),
        new FeeTier("Gold", 0.010m, new Xp(250_000)),
        new FeeTier("Platinum", 0.005m, new Xp(1_000_000)),
        new FeeTier("Diamond", 0.0025m, new Xp(5_000_000)),
    ], DefaultWindow);

    // Also how a stored or forwarded outcome (JSON) is read back: it was checked by Create where it was made.
    [System.Text.Json.Serialization.JsonConstructor]
    private FeeSchedule(IReadOnlyList<FeeTier> tiers, TimeSpan window)
    {
        Tiers = tiers;
        Window = window;
    }

    /// <summary>Tiers from the lowest (threshold 0) to the highest.</summary>
    public IReadOnlyList<FeeTier> Tiers { get; }

    /// <summary>A burn at b counts at t when t − Window &lt; b ≤ t.</summary>
    public TimeSpan Window { get; }

    /// <summary>
    /// The longest tier name, in characters. A name follows <see cref="DisplayText"/>'s rule for names as agent and key
    /// names do (no markup characters such as &lt;, no control or invisible characters): it is shown on every page and
    /// served as is by the API to other programs.
    /// </summary>
    public const int MaxNameLength = 32;

    /// <summary>
    /// The finest fee rate step: 0.0001% (a hundredth of a basis point), as a fraction. Every page shows a rate to this
    /// precision, so the rate an operator is told is the rate charged (a rate of 1.23456789% read as 1.23% everywhere).
    /// </summary>
    public const decimal RateStep = 0.000001m;

    /// <summary>
    /// Why the rates of a table being entered are not on <see cref="RateStep"/>, one sentence per tier; empty when all
    /// are. Checked where an admin enters a table, not by <see cref="Create"/>: a table stored or journaled before the
    /// step existed still loads and replays as it was, rather than falling back to the default fees.
    /// </summary>
    public static IReadOnlyList<string> OffStepRates(IEnumerable<FeeTier> tiers) =>
        [.. tiers.Select((tier, i) => (tier, i)).Where(t => t.tier.FeeRate % RateStep != 0m)
            .Select(t => $"{(string.IsNullOrWhiteSpace(t.tier.Name) ? $"Tier {t.i + 1}" : t.tier.Name)}: the fee rate has more than four decimals of a percent (0.0001% is the finest step), so it could not be shown as charged.")];

    /// <summary>
    /// Checks an admin-edited table: at least one tier, the first threshold 0, thresholds strictly increasing,
    /// rates in [0, 1) and never rising with the tier, names present, distinct and readable (<see cref="MaxNameLength"/>,
    /// <see cref="DisplayText.NameProblem"/>), and a positive window.
    /// </summary>
    public static Validated<FeeSchedule> Create(IEnumerable<FeeTier> tiers, TimeSpan window)
    {
        var list = tiers.ToArray();
        var errors = new List<string>();
        if (list.Length == 0)
            errors.Add("The schedule needs at least one tier.");
        else if (list[0].BurnThreshold != Xp.Zero)
            errors.Add($"The first tier ({list[0].Name}) must have a burn threshold of 0.");
        if (window <= TimeSpan.Zero)
            errors.Add("The window must be longer than zero.");

        // A tier is named in messages by its name, or by its position while it has none.
        string Label(int i) => string.IsNullOrWhiteSpace(list[i].Name) ? $"Tier {i + 1}" : list[i].Name;
        for (var i = 0; i < list.Length; i++)
        {
            var tier = list[i];
            if (string.IsNullOrWhiteSpace(tier.Name))
                errors.Add($"Tier {i + 1} needs a name.");
            else if (tier.Name.Length > MaxNameLength)
                errors.Add($"Tier {i + 1}: the name is longer than {MaxNameLength} characters.");
            else if (DisplayText.NameProblem(DisplayText.NormalizeName(tier.Name)) is { } problem)
                errors.Add($"Tier {i + 1}: the name {problem}.");
            if (tier.FeeRate is < 0m or >= 1m)
                errors.Add($"{Label(i)}: the fee rate must be at least 0% and below 100%.");

            if (i == 0)
                continue;
            var previous = list[i - 1];
            if (tier.BurnThreshold <= previous.BurnThreshold)
                errors.Add($"{Label(i)}: the threshold must be above {Label(i - 1)}'s.");
            if (tier.FeeRate > previous.FeeRate)
                errors.Add($"{Label(i)}: the fee rate must not be above {Label(i - 1)}'s.");
        }

        var duplicate = list.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            errors.Add($"The tier name {duplicate.Key} is used more than once.");

        return errors.Count == 0
            ? Validated<FeeSchedule>.Valid(new FeeSchedule(list, window))
            : Validated<FeeSchedule>.Invalid(errors);
    }

    /// <summary>The instant a burn stops counting: from then on it is outside the window.</summary>
    public DateTimeOffset AgesOutAt(XpBurn burn) => burn.At + Window;

    /// <summary>Whether <paramref name="burn"/> is inside the window (t − Window, t].</summary>
    public bool Counts(XpBurn burn, DateTimeOffset at) => burn.At <= at && at < AgesOutAt(burn);

    /// <summary>XP burned in the window ending at <paramref name="at"/>; later burns are ignored.</summary>
    public Xp BurnedInWindow(IEnumerable<XpBurn> burns, DateTimeOffset at) =>
        burns.Where(b => Counts(b, at)).Aggregate(Xp.Zero, (sum, b) => sum + b.Amount);

    /// <summary>The highest tier whose threshold is at or below <paramref name="burnedInWindow"/>.</summary>
    public FeeTier TierFor(Xp burnedInWindow) => Tiers.Last(t => t.BurnThreshold <= burnedInWindow);

    /// <summary>The operator's effective tier at <paramref name="at"/>, from all its burns.</summary>
    public FeeTier EffectiveTier(IEnumerable<XpBurn> burns, DateTimeOffset at) => TierFor(BurnedInWindow(burns, at));

    /// <summary>The tier above <paramref name="tier"/>, or null at the top.</summary>
    public FeeTier? NextTier(FeeTier tier)
    {
        var index = IndexOf(tier);
        return index + 1 < Tiers.Count ? Tiers[index + 1] : null;
    }

    /// <summary>Position of <paramref name="tier"/> in the table (0 = lowest).</summary>
    public int IndexOf(FeeTier tier)
    {
        for (var i = 0; i < Tiers.Count; i++)
        {
            if (Tiers[i] == tier)
                return i;
        }
        throw new ArgumentException($"{tier.Name} is not a tier of this schedule.", nameof(tier));
    }
}
