namespace XpFlywheel.Web.Otc;

public static class OtcExtensions
{
    /// <summary>The OTC desk, its expiry service and its notifications.</summary>
    public static WebApplicationBuilder AddOtc(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OtcService>();
        builder.Services.AddHostedService<OtcExpirer>();
        builder.Services.AddHostedService<OtcNotifier>();
        return builder;
    }
}
