using XpFlywheel.Web.Api;

namespace XpFlywheel.Web.Streams;

/// <summary>
/// Refuses a browser's cross-origin connection to the streams a session cookie opens: the user stream
/// (<see cref="UserHub.Path"/>) and the Blazor circuit (<c>/_blazor</c>). A WebSocket is not bound by CORS, and
/// SameSite=Lax holds the cookie back only from other <em>sites</em>, so a page on another origin of the same site (a
/// sibling subdomain, another port on the host) could otherwise open the stream with a signed-in operator's cookie and
/// read their orders and wallet (cross-site WebSocket hijacking). A request whose <c>Origin</c> header names another
/// host or port than the one it was sent to is 403 <c>cross_origin_refused</c>, unless it authenticated with an API key
/// (which a page on another origin cannot have taken from the cookie; the header alone is not enough) or the origin is
/// listed in <c>Hubs:AllowedOrigins</c>.
/// Requests without <c>Origin</c> (programs, not browsers) pass; one with several <c>Origin</c> headers passes only if each passes.
/// </summary>
public static class SameOriginSockets
{
    /// <summary>The problem code of a refused cross-origin connection.</summary>
    public const string Refused = "cross_origin_refused";

    public static WebApplication UseSameOriginSockets(this WebApplication app)
    {
        var allowed = app.Configuration.GetSection("Hubs:AllowedOrigins").Get<string[]>() ?? [];
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            // Every Origin value is judged: a request naming this origin and another one (a browser sends one; a
            // forged second header must not ride on the first) is refused for the other.
            if ((request.Path.StartsWithSegments(UserHub.Path) || request.Path.StartsWithSegments("/_blazor"))
                && context.User.FindFirst(ApiKeyAuthenticationHandler.KeyClaim) is null
                && request.Headers.Origin.FirstOrDefault(value => value is null || (!SameOrigin(value, request) && !allowed.Contains(value, StringComparer.OrdinalIgnoreCase)))
                    is { } origin)
            {
                await ApiProblems.Write(context, StatusCodes.Status403Forbidden, Refused,
                    $"A connection from {origin} to this stream is refused: it opens only from a page of this site's own origin (or with an API key).");
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>Whether <paramref name="origin"/> names the host and port <paramref name="request"/> was sent to (scheme aside: a TLS-ending proxy sends on plain HTTP).</summary>
    internal static bool SameOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return false;
        // A Host without a port was sent to the default port of the scheme the browser used (the origin's).
        var port = request.Host.Port ?? (uri.Scheme == "https" ? 443 : 80);
        return string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == port;
    }
}
