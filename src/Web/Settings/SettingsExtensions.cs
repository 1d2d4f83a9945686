namespace XpFlywheel.Web.Settings;

public static class SettingsExtensions
{
    public static WebApplicationBuilder AddSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SettingsStore>();
        builder.Services.AddSingleton<AuditLog>();
        return builder;
    }
}
