using System.Globalization;
using System.Text.RegularExpressions;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Reads a price or an amount of money as people type it, by one rule for every decimal field of the app (prices,
/// deposits, job amounts, the burn calculator's volume, admin credits and parameters):
/// <list type="bullet">
/// <item>a point is the decimal point: "0.0250", "1250.50";</item>
/// <item>commas beside a point, or several commas, group thousands: "1,250.50", "1,250,000";</item>
/// <item>one comma alone is the decimal comma ("0,0250", "1,5", "12,50"), except before exactly three digits after a
/// number that does not start with 0 ("2,500", "1000,000"), which could be either and is refused
/// (<see cref="Ambiguous"/>): never read as 2.5 in one field and 2,500 in another;</item>
/// <item>nothing else: no signs, spaces inside, exponents or "1.000,50".</item>
/// </list>
/// </summary>
public static partial class PriceText
{
    /// <summary>The number in dollars, or null when the text is empty, ambiguous or not a number by the rule above.</summary>
    public static decimal? Parse(string? text) =>
        Normal(text) is { } normal && decimal.TryParse(normal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>
    /// True for text written as a number by the rule above whose value is beyond what any field takes (more than
    /// 28 digits before the point: a pasted or held-down run of digits), so its refusal can say "too large" rather than
    /// "not a number".
    /// </summary>
    public static bool TooLarge(string? text) =>
        Normal(text) is { } normal && normal.Any(char.IsAsciiDigit) && !decimal.TryParse(normal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);

    // The text with its grouping commas dropped and a decimal comma made a point, or null when it is not a number by the rule.
    private static string? Normal(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || !trimmed.All(c => char.IsAsciiDigit(c) || c is '.' or ','))
            return null;
        string normal;
        if (trimmed.Contains('.'))
        {
            if (trimmed.Count(c => c == '.') > 1 || (trimmed.Contains(',') && !Grouped().IsMatch(trimmed)))
                return null;
            normal = trimmed.Replace(",", "");
        }
        else if (trimmed.Count(c => c == ',') > 1)
        {
            if (!Grouped().IsMatch(trimmed))
                return null;
            normal = trimmed.Replace(",", "");
        }
        else if (Ambiguous(trimmed))
            return null;
        else
            normal = trimmed.Replace(',', '.');
        return normal;
    }

    /// <summary>
    /// True for one comma before exactly three digits, no point, after digits not starting with 0 ("1,000", "2,500",
    /// "1000,000": a mis-grouped million): a thousands separator to some, a decimal comma to others, and no amount or
    /// price is written with three decimals. "0,250" is not (no thousands start with 0).
    /// </summary>
    public static bool Ambiguous(string? text) => text is not null && AmbiguousComma().IsMatch(text.Trim());

    /// <summary>Why <paramref name="text"/> is refused as ambiguous, naming both readings; null when it is not.</summary>
    public static string? AmbiguityProblem(string? text)
    {
        if (!Ambiguous(text))
            return null;
        var trimmed = text!.Trim();
        var whole = trimmed.Replace(",", "");
        var dec = trimmed.Replace(',', '.');
        return $"\"{trimmed}\" could be {whole} or {dec}: type {whole} (or {trimmed}.00) or {dec}.";
    }

    [GeneratedRegex(@"^[1-9]\d*,\d{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex AmbiguousComma();

    // Thousands start with a digit other than 0: "0,250,000" is no grouping.
    [GeneratedRegex(@"^[1-9]\d{0,2}(,\d{3})+(\.\d*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Grouped();

    /// <summary>
    /// Why typed text is not a price, as the ticket says it; null when it reads (or nothing is typed). A number with a
    /// minus sign is told it must be above $0, not that it is no number.
    /// </summary>
    /// <summary>The refusal of a price field left empty.</summary>
    public const string NoPrice = "Enter a price in USD per XP, e.g. 0.0250.";

    public static string? Problem(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || Parse(trimmed) is not null)
            return null;
        if (TooLarge(trimmed))
            return RangeProblem(decimal.MaxValue);
        return AmbiguityProblem(trimmed) ?? (trimmed.StartsWith('-') && Parse(trimmed[1..]) is not null
            ? "The price must be above $0: enter it without a minus sign, e.g. 0.0250."
            : "Enter the price as a number, e.g. 0.0250 or 0,0250.");
    }

    /// <summary>
    /// Why a price that reads is not one the book takes, in the words the ticket and the amend both use: not above $0,
    /// off the 0.0001 tick, or above $1,000 (<see cref="Core.Matching.MatchingEngine.MaxPriceTicks"/>, SPEC §3); null
    /// when the book takes it.
    /// </summary>
    public static string? RangeProblem(decimal dollars) =>
        Core.Primitives.Price.Check(dollars, Core.Matching.MatchingEngine.MaxPriceTicks, out _) switch
        {
            Core.Primitives.PriceCheck.NotPositive => "The price must be above $0.",
            Core.Primitives.PriceCheck.OffTick => "The price must be a multiple of the 0.0001 tick, e.g. 0.0250.",
            Core.Primitives.PriceCheck.TooHigh => "The price can be at most $1,000 per XP.",
            _ => null,
        };

    /// <summary>A price as the ticket shows it after a click or a step: "0.0250".</summary>
    public static string Format(decimal price) => price.ToString("0.0000##", CultureInfo.InvariantCulture);
}
