namespace XpFlywheel.Web.Epochs;

public static class EpochsExtensions
{
    /// <summary>The epoch background service, its readers, and the admin console's services.</summary>
    public static WebApplicationBuilder AddEpochs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<EpochService>();
        services.AddHostedService(provider => provider.GetRequiredService<EpochService>());
        services.AddSingleton<EpochReader>();
        services.AddSingleton<EpochStatements>();
        services.AddSingleton<RingService>();
        services.AddSingleton<Admin.SupplyReport>();
        return builder;
    }

    public static WebApplication MapEpochs(this WebApplication app)
    {
        app.MapEpochEndpoints();
        return app;
    }
}
