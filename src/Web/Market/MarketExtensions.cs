using Microsoft.AspNetCore.SignalR;
using XpFlywheel.Web.Notifications;

namespace XpFlywheel.Web.Market;

public static class MarketExtensions
{
    /// <summary>Market data, the order desk, notifications and the SignalR hub that streams the market to programs.</summary>
    public static WebApplicationBuilder AddMarket(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The reply filter comes first so it wraps every call, a refused one included.
        services.AddSignalR().AddHubOptions<MarketHub>(hub =>
        {
            hub.AddFilter<OutboxReplyFilter<MarketHub>>();
            hub.AddFilter<RateLimits.MarketHubLimits>();
        }).AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new Api.UtcTimeConverter()));
        // Registered after SignalR's JSON protocol, so the protocol named "json" resolves to this one (the last wins).
        services.AddSingleton<Microsoft.AspNetCore.SignalR.Protocol.IHubProtocol, ArgumentRefusingJsonProtocol>();
        services.AddSingleton<OutboxReplyFilter<MarketHub>>();
        services.AddSingleton<RateLimits.MarketHubLimits>();
        services.Configure<MarketHubOptions>(builder.Configuration.GetSection("MarketHub"));
        services.AddSingleton<MarketHubLifetimeManager>();
        services.AddSingleton<HubLifetimeManager<MarketHub>>(sp => sp.GetRequiredService<MarketHubLifetimeManager>());
        services.AddSingleton<MarketDataService>();
        services.AddHostedService<MarketDataLoader>();
        services.AddSingleton<MarketStream>();
        services.AddHostedService<MarketBroadcaster>();
        services.AddSingleton<IOrderDesk, TradingDesk>();
        services.AddSingleton<FairValueService>();
        services.AddSingleton<NotificationService>();
        services.AddHostedService<NotificationTail>();
        services.AddHostedService<FillNotifier>();
        services.AddHostedService<Notifications.EconomyNotifier>();
        return builder;
    }

    public static WebApplication MapMarket(this WebApplication app)
    {
        app.MapHub<MarketHub>(MarketHub.Path).AllowAnonymous();
        return app;
    }
}
