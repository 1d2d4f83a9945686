using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Bench;

/// <summary>
/// The whole app as it runs in production (fresh SQLite file in <c>folder</c>, demo off), for sections that host it on
/// Kestrel and drive it from outside. <paramref name="services"/> adds bench-only instruments.
/// </summary>
// Any type of the web assembly names its entry point; the bench has a Program of its own.
internal sealed class BenchApp(string folder, int clients, Action<IServiceCollection>? services = null) : WebApplicationFactory<ExchangeHost>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Production serves the published bundle; from the build output the static files come through the manifest.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(folder, "app.db")}");
        builder.UseSetting("DataProtection:KeysFolder", Path.Combine(folder, "keys"));
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Admin:Email", "admin@bench.local");
        builder.UseSetting("Admin:Password", "Admin123!");
        // Every client connects from 127.0.0.1: the per-address limits are lifted for these measurements.
        builder.UseSetting("RateLimits:HubConnectionsPerIp", (clients + 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:AccountPostsPerMinute", "10000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (services is not null)
            builder.ConfigureTestServices(services);
    }
}
