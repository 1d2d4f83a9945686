using System.Globalization;

namespace XpFlywheel.Web.Components.Shared;

/// <summary>
/// Reads the values a link may pre-fill a page with (<c>/market?quantity=1000</c>, <c>/tiers?burn=5000</c>). Pages take
/// them as text: a typed query parameter the router cannot convert (<c>?burn=abc</c>, a number beyond 64 bits) would
/// fail the whole page. A value this cannot read is left out and its field starts empty, as if the link had not given
/// it: a pre-fill is a suggestion, and the form still checks whatever is submitted.
/// </summary>
public static class QueryPrefill
{
    /// <summary>A positive whole number written with digits only (no sign, exponent or separators), else null.</summary>
    public static long? WholeNumber(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;

    /// <summary><c>true</c> for "true" in any case; false for anything else, missing included.</summary>
    public static bool Flag(string? text) => bool.TryParse(text, out var value) && value;
}
