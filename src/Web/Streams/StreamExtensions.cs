using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Web.Streams;

public static class StreamExtensions
{
    /// <summary>The private user stream: its hub, its per-connection outboxes and the loop that numbers and sends events.</summary>
    public static WebApplicationBuilder AddUserStream(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<UserHubOptions>(builder.Configuration.GetSection("UserHub"));
        // The reply filter first so it wraps every call, a refused one included; then the connection cap and call rate.
        services.AddSignalR().AddHubOptions<UserHub>(hub =>
        {
            hub.AddFilter<OutboxReplyFilter<UserHub>>();
            hub.AddFilter<RateLimits.UserHubLimits>();
        });
        services.AddSingleton<OutboxReplyFilter<UserHub>>();
        services.AddSingleton<RateLimits.UserHubLimits>();
        services.AddSingleton<UserHubLifetimeManager>();
        services.AddSingleton<HubLifetimeManager<UserHub>>(sp => sp.GetRequiredService<UserHubLifetimeManager>());
        services.AddSingleton<UserStream>();
        services.AddSingleton<UserStreamAccess>();
        services.AddHostedService(sp => sp.GetRequiredService<UserStream>());
        // Closes connections on every node when a key or account stops standing on any (PostgreSQL; idle on SQLite).
        services.AddHostedService<Cluster.AccessRelay>();
        services.AddAuthorizationBuilder().AddPolicy(UserHub.Policy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new ApiKeyAddressRequirement()));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ApiKeyAddressHandler>();
        return builder;
    }

    public static WebApplication MapUserStream(this WebApplication app)
    {
        app.MapHub<UserHub>(UserHub.Path);
        return app;
    }
}
