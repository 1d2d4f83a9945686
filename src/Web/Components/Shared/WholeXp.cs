using System.Globalization;

namespace XpFlywheel.Web.Components.Shared;

/// <summary>
/// Reads an amount of XP typed into a form. XP moves in whole units (SPEC §2), so only digits are read: "1.5", "1,000",
/// "1e3", "+5" and "-5" are refused with a sentence saying why, never read as some other number (a thousands separator
/// is a decimal point elsewhere, and an exponent is not how anyone writes an amount). The order ticket reads its
/// quantity the same way.
/// </summary>
public static class WholeXp
{
    /// <summary>The refusal of text that is not digits.</summary>
    public const string NotWhole = "Enter whole XP in digits only, e.g. 250 (no decimals, separators, signs or exponents).";

    /// <summary>The refusal of a negative amount ("-5"): it is whole, so what is wrong with it is said.</summary>
    public const string Negative = "Enter the amount without a minus sign, e.g. 250: XP amounts are counted up from 0.";

    /// <summary>The refusal of an amount above <paramref name="max"/> XP.</summary>
    public static string TooLarge(long max) => $"The amount can be at most {Fmt.Xp(max)} XP.";

    /// <summary>
    /// The amount in <paramref name="text"/> (surrounding spaces ignored) and, when it cannot be taken, why: empty text
    /// is no amount and no problem (the form says what it needs); digits beyond <paramref name="max"/> (or beyond any
    /// number) are too large; anything else is not whole XP in digits. Zero reads as 0: each form says whether it may be.
    /// </summary>
    public static (long? Value, string? Problem) Read(string? text, long max = long.MaxValue)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return (null, null);
        if (trimmed.Length > 1 && trimmed[0] == '-' && trimmed.AsSpan(1).ContainsAnyExcept("0123456789") == false)
            return (null, Negative);
        if (!trimmed.All(char.IsAsciiDigit))
            return (null, NotWhole);
        return long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max
            ? (value, null)
            : (null, TooLarge(max));
    }
}
