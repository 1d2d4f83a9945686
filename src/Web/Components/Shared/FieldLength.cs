namespace XpFlywheel.Web.Components.Shared;

/// <summary>
/// The most characters a form field takes (its input's <c>maxlength</c>). Each interactive field sends its text to the
/// server in one circuit message, and a message over the circuit's limit (32 KB) closes the connection without a word:
/// a 30,000-digit paste into a quantity dropped the page's connection, and the page then acted on the value from before
/// the paste while the field still showed the paste. Every text input of the app has one of these lengths, so a paste
/// is cut by the browser to a length the app answers with a clear refusal ("too large", "at most N characters").
/// </summary>
/// <remarks>
/// Text is sent as JSON inside a JSON hub message, where a character outside ASCII can take up to 7 bytes; the longest
/// length here (<see cref="Over"/> of the longest rule, 500 characters, so 1,000) stays under 8 KB in the worst case.
/// </remarks>
public static class FieldLength
{
    /// <summary>
    /// A number typed as text (a price, an amount in dollars or XP, an operator id, a period): 40 characters, well
    /// above the longest number the app takes written with separators ("1,000,000,000,000.000000" is 24).
    /// </summary>
    public const int Number = 40;

    /// <summary>A search or filter box: 200 characters.</summary>
    public const int Search = 200;

    /// <summary>An email address: 256 characters (RFC 5321 allows 254).</summary>
    public const int Email = 256;

    /// <summary>A password: 256 characters.</summary>
    public const int Password = 256;

    /// <summary>A one-time or recovery code: 64 characters (codes are 6 digits or 11 characters, spaces and dashes aside).</summary>
    public const int Code = 64;

    /// <summary>
    /// The length of a field whose rule allows at most <paramref name="limit"/> characters: twice the limit, so a text
    /// that is too long reaches the rule and is refused with its length, rather than cut silently by the browser.
    /// </summary>
    public static int Over(int limit) => 2 * limit;
}
