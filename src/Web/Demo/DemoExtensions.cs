namespace XpFlywheel.Web.Demo;

public static class DemoExtensions
{
    /// <summary>Registers the demo seeder and bots when <c>Demo:Enabled</c> is true.</summary>
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Demo").Get<DemoOptions>() ?? new DemoOptions();
        builder.Services.AddSingleton(options);
        if (!options.Enabled)
            return builder;
        builder.Services.AddSingleton<DemoSeeder>();
        builder.Services.AddSingleton<DemoBots>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<DemoBots>());
        return builder;
    }
}
