using System.Net;
using ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders;

namespace XpFlywheel.Web.Operations;

/// <summary>
/// The client address and scheme behind a reverse proxy. <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are
/// believed only from the proxies named in configuration (<c>ForwardedHeaders:KnownProxies</c>, addresses, and
/// <c>ForwardedHeaders:KnownNetworks</c>, CIDR ranges; each a list or one comma-separated value). With neither set,
/// the default, the headers are ignored: anyone can send them, and believing them would let a client pick the address
/// that per-IP rate limits, the sign-in throttle, API key allow-lists and the audit log see.
/// </summary>
public static class ProxyHeaders
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Reads the trusted proxies; stops start-up with a clear message on an entry that is not an address or range.</summary>
    public static WebApplicationBuilder AddProxyHeaders(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        var proxies = Entries(section.GetSection("KnownProxies")).Select(entry => IPAddress.TryParse(entry, out var address)
            ? address : throw new StartupConfigurationException($"{Section}:KnownProxies holds '{entry}', which is not an IP address.")).ToList();
        var networks = Entries(section.GetSection("KnownNetworks")).Select(entry => IPNetwork.TryParse(entry, out var network)
            ? network : throw new StartupConfigurationException($"{Section}:KnownNetworks holds '{entry}', which is not a CIDR range such as 10.0.0.0/8.")).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies: the defaults trust loopback, which a proxy on the same host would share with anyone.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                options.KnownProxies.Add(proxy);
            foreach (var network in networks)
                options.KnownIPNetworks.Add(network);
            // Walk back through every trusted hop (a load balancer in front of the proxy), stopping at the first that is not.
            options.ForwardLimit = null;
        });
        builder.Services.AddSingleton(new TrustedProxies(proxies.Count + networks.Count > 0));
        return builder;
    }

    /// <summary>First in the pipeline, so everything after it sees the client's address; nothing when no proxy is trusted.</summary>
    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TrustedProxies>().Any)
            app.UseForwardedHeaders();
        return app;
    }

    private static IEnumerable<string> Entries(IConfigurationSection section) =>
        (section.Value is { } single ? [single] : section.GetChildren().Select(child => child.Value ?? ""))
            .SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed record TrustedProxies(bool Any);
}
