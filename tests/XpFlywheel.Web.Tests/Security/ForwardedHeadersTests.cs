using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Security;

/// <summary>
/// Behind a reverse proxy the client's address comes from <c>X-Forwarded-For</c>, but only when the request comes from a
/// proxy named in <c>ForwardedHeaders:KnownProxies</c> or <c>KnownNetworks</c>; by default the header is ignored, so a
/// client cannot choose the address that rate limits, the sign-in throttle and the audit log see.
/// </summary>
public class ForwardedHeadersTests
{
    private const string Proxy = "10.0.0.5";
    private const string Client = "203.0.113.9";

    [Fact]
    public async Task A_spoofed_forwarded_for_is_ignored_by_default()
    {
        await using var app = new BehindProxy(Proxy);

        Assert.Equal(Proxy, await FailedSignInAddressAsync(app, forwardedFor: Client));
    }

    [Theory]
    [InlineData("KnownProxies", Proxy)]
    [InlineData("KnownProxies", "10.0.0.9, 10.0.0.5")]
    [InlineData("KnownNetworks", "10.0.0.0/8")]
    public async Task A_forwarded_for_from_a_configured_proxy_is_the_client_address(string key, string value)
    {
        await using var app = new BehindProxy(Proxy);
        app.Settings[$"ForwardedHeaders:{key}"] = value;

        Assert.Equal(Client, await FailedSignInAddressAsync(app, forwardedFor: Client));
    }

    [Fact]
    public async Task A_forwarded_for_from_an_address_that_is_not_a_configured_proxy_is_ignored()
    {
        await using var app = new BehindProxy(Proxy);
        app.Settings["ForwardedHeaders:KnownProxies"] = "10.0.0.6";
        app.Settings["ForwardedHeaders:KnownNetworks"] = "192.168.0.0/16";

        Assert.Equal(Proxy, await FailedSignInAddressAsync(app, forwardedFor: Client));
    }

    [Fact]
    public async Task A_client_that_varies_forwarded_for_still_spends_its_own_account_form_budget_by_default()
    {
        await using var app = new BehindProxy(Proxy);
        app.Settings["RateLimits:AccountPostsPerMinute"] = "2";

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await PostLoginAsync(app, $"198.51.100.{i + 1}")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Clients_behind_a_configured_proxy_each_get_their_own_account_form_budget()
    {
        await using var app = new BehindProxy(Proxy);
        app.Settings["RateLimits:AccountPostsPerMinute"] = "2";
        app.Settings["ForwardedHeaders:KnownProxies"] = Proxy;

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(app, "198.51.100.1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostLoginAsync(app, "198.51.100.1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(app, "198.51.100.2")).StatusCode);
    }

    [Theory]
    [InlineData(Client, HttpStatusCode.OK)]
    [InlineData("198.51.100.1", HttpStatusCode.Forbidden)]
    public async Task A_key_allow_list_behind_a_configured_proxy_judges_the_client_address(string forwardedFor, HttpStatusCode expected)
    {
        await using var app = new BehindProxy(Proxy);
        app.Settings["ForwardedHeaders:KnownProxies"] = Proxy;
        var operatorId = await Operators.CreateAsync(app.Services, "allow-list@test.local");
        var keys = app.Services.GetRequiredService<XpFlywheel.Web.Api.ApiKeyService>();
        var key = (await keys.CreateAsync(operatorId, "office", new XpFlywheel.Web.Api.ApiKeyService.KeyOptions(AllowedNetworks: Client))).Key!;
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);

        var response = await http.GetAsync("/api/v1/wallet");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
            Assert.Contains("ip_not_allowed", await response.Content.ReadAsStringAsync());
    }

    // A configured proxy that is not an address stops the start: Operations/StartupSettingsTests, as the real process.

    private static async Task<HttpResponseMessage> PostLoginAsync(AppFactory app, string forwardedFor)
    {
        var client = app.CreateBrowserlikeClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return await FormLogin.LoginAsync(client, "nobody@test.local", "Wrong123!");
    }

    private static async Task<string?> FailedSignInAddressAsync(AppFactory app, string forwardedFor)
    {
        var response = await PostLoginAsync(app, forwardedFor);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.AuditLog.Where(a => a.Action == "sign-in failed").OrderByDescending(a => a.Id).Select(a => a.Address).FirstAsync();
    }

    // The app as a proxy at <paramref name="proxy"/> reaches it: every request arrives from that address.
    private sealed class BehindProxy(string proxy) : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter>(_ => new FromAddress(IPAddress.Parse(proxy))));
        }
    }

    private sealed class FromAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
