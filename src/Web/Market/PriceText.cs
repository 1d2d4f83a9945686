using System.Globalization;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Reads a price as people type it: "0.0250" or, with a comma as the decimal separator, "0,0250". One separator at
/// most and no thousands grouping, so "0,0250" can never be read as 250.
/// </summary>
public static class PriceText
{
    /// <summary>The price in dollars, or null when the text is empty or not a plain decimal number.</summary>
    public static decimal? Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return null;
        if (trimmed.Count(c => c is '.' or ',') > 1 || !trimmed.All(c => char.IsAsciiDigit(c) || c is '.' or ','))
            return null;
        var normal = trimmed.Replace(',', '.');
        return decimal.TryParse(normal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) ? price : null;
    }

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
        return trimmed.StartsWith('-') && Parse(trimmed[1..]) is not null
            ? "The price must be above $0: enter it without a minus sign, e.g. 0.0250."
            : "Enter the price as a number, e.g. 0.0250 or 0,0250.";
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
