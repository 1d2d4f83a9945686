using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Security;

public sealed class AnonymousEndpointTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    // Everything a visitor may reach without signing in or a key: public pages, market data, the economy's public
    // figures, the API's description, health, the market hub, and the account forms and Blazor's own plumbing.
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal)
    {
        "* /_blazor",
        "* /_blazor/disconnect/",
        "* /_blazor/initializers/",
        "* /_blazor/negotiate",
        "* /health",
        "* /health/live",
        "* /health/ready",
        "* /hubs/market",
        "* /hubs/market/negotiate",
        "GET /_framework/opaque-redirect",
        "GET /api/reference/favicon.svg",
        "GET /api/reference/scalar.aspnetcore.js",
        "GET /api/reference/scalar.js",
        "GET /api/reference/{documentName?}",
        "GET /api/v1/epochs/",
        "GET /api/v1/epochs/current",
        "GET /api/v1/epochs/{number}/allocations",
        "GET /api/v1/epochs/{number}/allocations.csv",
        "GET /api/v1/leaderboard",
        "GET /api/v1/market/book",
        "GET /api/v1/market/candles",
        "GET /api/v1/market/ticker",
        "GET /api/v1/market/trades",
        "GET /api/v1/market/info",
        "GET /api/v1/time",
        "GET /api/v1/tiers",
        "GET /openapi/{documentName}.json",
        "GET,HEAD {**path:file}",
        "GET,POST /",
        "GET,POST /Account/AccessDenied",
        "GET,POST /Account/ConfirmEmail",
        "GET,POST /Account/InvalidUser",
        "GET,POST /Account/Lockout",
        "GET,POST /Account/Login",
        "GET,POST /Account/LoginWith2fa",
        "GET,POST /Account/LoginWithRecoveryCode",
        "GET,POST /Account/Register",
        "GET,POST /Account/RegisterConfirmation",
        "GET,POST /Account/ResendEmailConfirmation",
        "GET,POST /Error",
        "GET,POST /agents/{AgentId:long}",
        "GET,POST /dev/outbox",
        "GET,POST /epochs",
        "GET,POST /epochs/{Number:long}",
        "GET,POST /leaderboard",
        "GET,POST /market",
        "GET,POST /menu",
        "POST /display",
        "GET,POST /not-found",
        "GET,POST /tiers",
        "POST /Account/Logout",
    };

    [Fact]
    public void Every_endpoint_reachable_without_signing_in_is_on_the_public_list()
    {
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var anonymous = endpoints
            // Static web assets (wwwroot, _content, _framework files) are mapped without a leading slash.
            .Where(e => e.RoutePattern.RawText?.StartsWith('/') == true || e.RoutePattern.RawText == "{**path:file}")
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null || e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
            .Select(e => $"{string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        var unexpected = anonymous.Where(e => !Public.Contains(e)).ToList();
        Assert.True(unexpected.Count == 0, "Reachable without signing in but not on the public list:\n" + string.Join("\n", unexpected));
    }
}
