using XpFlywheel.Web.Operations;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Exchange;

public static class ExchangeExtensions
{
    /// <summary>
    /// The single-writer exchange host, its event feed, the parameters it publishes, the services pages and the API
    /// call, and the health check that reports whether the writer runs.
    /// </summary>
    public static WebApplicationBuilder AddExchange(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ExchangeFeed>();
        services.AddSingleton(new ParameterBoard());
        services.AddSingleton(provider => ParameterDefaults.From(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<ExchangeHost>();
        services.AddHostedService(provider => provider.GetRequiredService<ExchangeHost>());
        services.AddHealthChecks().AddCheck<ExchangeHealthCheck>("exchange", tags: [HealthEndpoints.Ready]);
        services.AddSingleton<OperatorDirectory>();
        services.AddSingleton<TradingService>();
        services.AddSingleton<CancelAfter>();
        services.AddHostedService<CancelAfterExpiry>();
        return builder;
    }
}
