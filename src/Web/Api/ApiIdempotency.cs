namespace XpFlywheel.Web.Api;

/// <summary>
/// The <c>Idempotency-Key</c> header of the API's POST, PATCH and DELETE requests (as Stripe and Coinbase take it):
/// 1 to 64 printable ASCII characters other than space (<c>!</c> to <c>~</c>), scoped to the caller. A retry with the same key and the same request within
/// the retention (24 h by default) returns the first accepted outcome and changes nothing; the same key with a
/// different request is refused with 422 <c>idempotency_key_reused</c>; a refused request does not use its key up.
/// A placement takes the header as well as (or instead of) its <c>clientOrderId</c>.
/// </summary>
public static class ApiIdempotency
{
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// Set to <c>true</c> on an answer that repeats an earlier request (same <c>Idempotency-Key</c>, or for a placement
    /// the same <c>clientOrderId</c>) and changed nothing, as Stripe marks its replays: orders, amends, cancels, agents,
    /// jobs, disputes, burns, locks, unlocks and every OTC action. The status and body are the first answer's (a repeated
    /// amend answers the order as that amend left it), so a client tells a repeat from a fresh answer by this header.
    /// </summary>
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxLength = 64;

    /// <summary>The form of a key as the OpenAPI document declares it: 1 to 64 of the characters <c>!</c> to <c>~</c>.</summary>
    public const string Pattern = "^[!-~]{1,64}$";

    /// <summary>The request's key, or null when it sent none.</summary>
    public static string? KeyOf(HttpContext context) =>
        context.Request.Headers.TryGetValue(Header, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>Marks the answer as a repeat (<see cref="ReplayedHeader"/>).</summary>
    public static void MarkReplayed(HttpContext context) => context.Response.Headers[ReplayedHeader] = "true";

    /// <summary>
    /// Marks the answer as a repeat when the economy or OTC command it reports was answered from its key; the status
    /// and body are the first answer's (Stripe's replay), so the header is how a client tells them apart.
    /// </summary>
    public static void MarkIfRepeat<T>(HttpContext context, Economy.EconomyResult<T> result)
    {
        if (result.IsRepeat)
            MarkReplayed(context);
    }

    /// <summary>Null when the header is absent or well formed; otherwise why it is not.</summary>
    public static string? Problem(HttpContext context)
    {
        if (!context.Request.Headers.TryGetValue(Header, out var values))
            return null;
        if (values.Count != 1)
            return $"Send one {Header} header.";
        var key = values[0];
        return string.IsNullOrEmpty(key) || key.Length > MaxLength || key.Any(c => c is < '!' or > '~')
            ? $"The {Header} header must be 1 to {MaxLength} printable ASCII characters without spaces."
            : null;
    }
}
