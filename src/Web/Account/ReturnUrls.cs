using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace XpFlywheel.Web.Account;

/// <summary>
/// The one rule for where the account pages may send a browser after signing in, registering or signing out: only
/// to a page of this app. A return URL comes from the query string, so anyone can put another site there.
/// </summary>
public static class ReturnUrls
{
    // A host no request ever has: resolving against it shows whether a URL can leave the app.
    private static readonly Uri Probe = new("http://app.invalid/");

    /// <summary>
    /// True when <paramref name="url"/> can only lead to a page of this app: a local URL as ASP.NET Core defines it
    /// (<c>/wallet</c>, <c>~/wallet</c>, never <c>//host</c>, <c>/\host</c> or control characters), or a path
    /// relative to the app's base such as <c>wallet?tab=2</c>, which the app's own sign-in links send. Absolute
    /// URLs are refused even when they name this host, as <c>Url.IsLocalUrl</c> refuses them.
    /// </summary>
    public static bool IsLocal([NotNullWhen(true)] string? url) =>
        !string.IsNullOrEmpty(url) && (RedirectHttpResult.IsLocalUrl(url) || IsBaseRelative(url)) && StaysOnProbe(url);

    /// <summary>
    /// <paramref name="url"/> as a path relative to the app's base when <see cref="IsLocal"/> accepts it (a leading
    /// <c>/</c> or <c>~/</c> is kept as the app-root path it means), otherwise <paramref name="fallback"/>.
    /// </summary>
    public static string OrFallback(string? url, string fallback) =>
        !IsLocal(url) ? fallback : url.StartsWith("~/", StringComparison.Ordinal) ? url[2..] : url;

    // A relative-path reference: starts with a letter or digit (so no scheme-relative "//", "\\", or whitespace a
    // browser would strip) and its first segment has no ':' (so "javascript:" or "https:host" is no scheme).
    private static bool IsBaseRelative(string url)
    {
        if (!char.IsAsciiLetterOrDigit(url[0]))
            return false;
        var end = url.AsSpan().IndexOfAny('/', '?', '#');
        var firstSegment = end < 0 ? url.AsSpan() : url.AsSpan(0, end);
        return !firstSegment.Contains(':') && RedirectHttpResult.IsLocalUrl("/" + url);
    }

    private static bool StaysOnProbe(string url)
    {
        var path = url.StartsWith("~/", StringComparison.Ordinal) ? url[1..] : url;
        return Uri.TryCreate(Probe, path, out var resolved) && resolved.Host == Probe.Host && resolved.Scheme == Probe.Scheme;
    }
}
