using System.Globalization;

namespace XpFlywheel.Web.Components.Shared;

/// <summary>
/// Reads the values a link may pre-fill a page with (<c>/market?quantity=1000</c>, <c>/tiers?burn=5000</c>). Pages take
/// them as text: a typed query parameter the router cannot convert (<c>?burn=abc</c>, a number beyond 64 bits) would
/// fail the whole page. A value this cannot read is left out and its field starts as it would without the link, and the
/// page says so (<see cref="Unread"/>): a pre-fill is a suggestion, and the form still checks whatever is submitted.
/// </summary>
public static class QueryPrefill
{
    /// <summary>A positive whole number written with digits only (no sign, exponent or separators), else null.</summary>
    public static long? WholeNumber(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;

    /// <summary>
    /// The sentence a page shows for the values its link gave that could not be used, each named with what was sent
    /// (cut to 40 characters); null when every value given was used. A bad link is told, never silently ignored.
    /// </summary>
    public static string? Unread(params (string Name, string? Text, bool Used)[] values)
    {
        var unread = values.Where(v => v.Text is not null && !v.Used)
            .Select(v => $"{v.Name} \"{(v.Text!.Length > 40 ? v.Text[..40] + "…" : v.Text)}\"").ToList();
        return unread.Count == 0 ? null
            : $"This link's {string.Join(", ", unread)} could not be used, so {(unread.Count == 1 ? "that field was" : "those fields were")} left as usual. Fill in the form yourself.";
    }

    /// <summary><c>true</c> for "true" in any case; false for anything else, missing included.</summary>
    public static bool Flag(string? text) => bool.TryParse(text, out var value) && value;
}
