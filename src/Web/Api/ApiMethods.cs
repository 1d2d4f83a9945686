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
    private (TemplateMatcher Matcher, IReadOnlyList<string> Methods)[]? _routes;

    /// <summary>
    /// The methods of every API endpoint whose route template matches <paramref name="path"/> (route constraints are
    /// not checked), HEAD beside GET, in a stable order; empty when no API endpoint has this address, whatever the
    /// pages' fallback route would take there.
    /// </summary>
    public IReadOnlyList<string> At(PathString path)
    {
        _routes ??= endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } route && new PathString("/" + route.TrimStart('/')).StartsWithSegments("/api"))
            .Select(e => (new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary(e.RoutePattern.Defaults)),
                (IReadOnlyList<string>)(e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])))
            .ToArray();
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (matcher, allowed) in _routes)
        {
            if (allowed.Count > 0 && matcher.TryMatch(path, new RouteValueDictionary()))
                methods.UnionWith(allowed);
        }
        if (methods.Contains(HttpMethods.Get))
            methods.Add(HttpMethods.Head);
        return [.. methods];
    }
}
