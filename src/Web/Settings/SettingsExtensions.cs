namespace XpFlywheel.Web.Settings;

public static class SettingsExtensions
{
    /// <summary>The audit log. Parameters themselves belong to the exchange's single writer (see <c>AddExchange</c>).</summary>
    public static WebApplicationBuilder AddSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        return builder;
    }
}
