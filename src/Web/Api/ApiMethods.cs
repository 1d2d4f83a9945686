using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace XpFlywheel.Web.Api;

/// <summary>
/// The HTTP methods the API takes at an address, for a 405 that tells the truth. Routing alone answered a GET on
/// <c>/api/v1/otc/quotes/1/accept</c> (a POST endpoint) with 404, and a PUT there with 405 naming GET and HEAD, because the
/// static files' fallback route (<c>{**path:file}</c>) counts as a GET candidate before its constraint refuses the path.
/// The API's endpoints are those under <c>/api</c> (<c>/api/v1</c> and the reference); the pages' routes are not among them.
/// </summary>
public sealed class ApiMethods(EndpointDataSource endpoints)
{
    private (TemplateMatcher Matcher, IReadOnlyList<string> Methods, decimal Precedence)[]? _routes;

    // Each route endpoint's precedence, computed once: Shadowed runs on every API request to a parameter route.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<RouteEndpoint, decimal> _precedence = new();

    private (TemplateMatcher Matcher, IReadOnlyList<string> Methods, decimal Precedence)[] Routes =>
        _routes ??= endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } route && new PathString("/" + route.TrimStart('/')).StartsWithSegments("/api"))
            .Select(e =>
            {
                var template = new RouteTemplate(e.RoutePattern);
                return (new TemplateMatcher(template, new RouteValueDictionary(e.RoutePattern.Defaults)),
                    (IReadOnlyList<string>)(e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []), RoutePrecedence.ComputeInbound(template));
            })
            .ToArray();

    /// <summary>
    /// The methods of the API's most specific endpoints whose route template matches <paramref name="path"/> (route
    /// constraints are not checked), HEAD beside GET, in a stable order; empty when no API endpoint has this address,
    /// whatever the pages' fallback route would take there. Most specific as routing ranks them (literal segments before
    /// parameters: <c>/orders/cancel-after</c> is that address, not an order id), so an address is never said to take
    /// a method only a parameter route beside it has.
    /// </summary>
    public IReadOnlyList<string> At(PathString path)
    {
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        var best = decimal.MaxValue;
        foreach (var (matcher, allowed, precedence) in Routes)
        {
            if (allowed.Count == 0 || precedence > best || !matcher.TryMatch(path, new RouteValueDictionary()))
                continue;
            if (precedence < best)
            {
                methods.Clear();
                best = precedence;
            }
            methods.UnionWith(allowed);
        }
        if (methods.Contains(HttpMethods.Get))
            methods.Add(HttpMethods.Head);
        return [.. methods];
    }

    /// <summary>
    /// The methods of the address <paramref name="path"/> when routing chose <paramref name="chosen"/> only because a more
    /// specific endpoint there does not take this method (DELETE <c>/orders/cancel-after</c> reached DELETE
    /// <c>/orders/{id}</c> and was refused as a bad order id); null when <paramref name="chosen"/> is the address's own.
    /// </summary>
    public IReadOnlyList<string>? Shadowed(PathString path, RouteEndpoint chosen)
    {
        if (chosen.RoutePattern.Parameters.Count == 0)
            return null;
        var own = _precedence.GetOrAdd(chosen, static e => RoutePrecedence.ComputeInbound(new RouteTemplate(e.RoutePattern)));
        foreach (var (matcher, allowed, precedence) in Routes)
        {
            if (allowed.Count > 0 && precedence < own && matcher.TryMatch(path, new RouteValueDictionary()))
                return At(path);
        }
        return null;
    }
}
