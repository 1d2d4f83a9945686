using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Scalar.AspNetCore;

namespace XpFlywheel.Web.Api;

public static class ApiExtensions
{
    public const string ApiKeyPolicy = "ApiKey";

    /// <summary>API keys, problem details, JSON conventions and the OpenAPI document for <c>/api/v1</c>.</summary>
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<ApiMethods>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Throw on unreadable requests in every environment, so ApiErrorMiddleware answers them uniformly.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeyPolicy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireClaim(ApiKeyAuthenticationHandler.OperatorClaim)
            .AddRequirements(new ApiKeyAccessRequirement()));
        services.AddSingleton<IAuthorizationHandler, ApiKeyAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            options.SerializerOptions.Converters.Add(new UtcTimeConverter());
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // {"side":"buy",...,"side":"sell"} is refused: a proxy or signer in front that reads the first key must
            // not see a different order from the one placed.
            options.SerializerOptions.AllowDuplicateProperties = false;
            // {"side":"buy","time_in_force":"ioc",...} is refused, not placed as a GTC order: a field the API does not
            // know is a mistake the client must hear about (as Binance answers -1104), never a silent default.
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer(ApiDocument.DescribeAsync);
            options.AddOperationTransformer(ApiDocument.DescribeAsync);
            options.AddSchemaTransformer(ApiDocument.DescribeAsync);
        });
        return builder;
    }

    /// <summary>
    /// Must run before routing's endpoints so unreadable requests and unhandled errors on <c>/api</c> become problem
    /// details in every environment; pages keep the HTML error page (or the developer page in Development).
    /// </summary>
    /// <summary>
    /// The API's exception handler (<see cref="ApiExceptionHandler"/>), first in the pipeline, before authentication: an
    /// API key is checked against the database, so a database that does not answer fails there, and that request too
    /// gets a problem (503 <c>database_unavailable</c>), never a bare 500 or a stack trace.
    /// </summary>
    public static WebApplication UseApiExceptions(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler());
        return app;
    }

    public static WebApplication UseApiErrors(this WebApplication app)
    {
        app.UseMiddleware<ApiErrorMiddleware>();
        return app;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/api/reference", options =>
        {
            // No web fonts: the reference must work on a machine without internet.
            options.WithTitle("XP Flywheel API").WithOpenApiRoutePattern("/openapi/{documentName}.json");
            options.DefaultFonts = false;
        });
        var api = app.MapGroup("").AddEndpointFilter(ApiInput.PositiveRouteIdsAsync).AddEndpointFilterFactory(StrictInput.Factory);
        api.MapMarketApi();
        api.MapOrdersApi();
        api.MapWalletApi();
        api.MapEconomyApi();
        api.MapEconomyRecordsApi();
        api.MapOtcApi();
        return app;
    }
}
