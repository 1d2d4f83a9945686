using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using XpFlywheel.Web.Streams;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Streams;

/// <summary>
/// Cross-site WebSocket hijacking: a page on another origin cannot open the streams a session cookie opens (the user
/// stream and the Blazor circuit); the app's own pages, programs without an Origin and API-key holders can.
/// </summary>
public sealed class SameOriginSocketsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    /// <summary>A signed-in operator's session cookie sent from a page of another origin opens neither stream.</summary>
    [Theory]
    [InlineData("/hubs/user/negotiate?negotiateVersion=1")]
    [InlineData("/_blazor/negotiate?negotiateVersion=1")]
    public async Task A_stream_is_refused_to_a_page_of_another_origin_with_the_operators_cookie(string path)
    {
        var client = await SignedInAsync("origin");

        using var own = new HttpRequestMessage(HttpMethod.Post, path);
        own.Headers.Add("Origin", "http://localhost");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(own)).StatusCode);
        foreach (var origin in new[] { "https://evil.example", "http://localhost:8081", "null" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path);
            request.Headers.Add("Origin", origin);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(SameOriginSockets.Refused, problem.GetProperty("code").GetString());
        }
    }

    /// <summary>
    /// A request that sends an API key is judged by that key alone: a key that does not authenticate (made up, or an
    /// empty header) beside a signed-in operator's cookie is the key's 401, from the app's own origin or another, and
    /// opens neither the cookie's stream nor an exemption from the origin check.
    /// </summary>
    [Theory]
    [InlineData("http://localhost", "junk", HttpStatusCode.Unauthorized)]
    [InlineData("https://evil.example", "junk", HttpStatusCode.Unauthorized)]
    // The test server drops an empty header, so this one arrives as the cookie alone from another origin.
    [InlineData("https://evil.example", "", HttpStatusCode.Forbidden)]
    public async Task A_cookie_beside_a_key_that_does_not_authenticate_opens_no_stream(string origin, string key, HttpStatusCode refused)
    {
        var client = await SignedInAsync("origin-key");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/user/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", origin);
        request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        var response = await client.SendAsync(request);

        Assert.Equal(refused, response.StatusCode);
        Assert.DoesNotContain("connectionToken", await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Every Origin header is judged, not the first: the app's own origin followed by another's opens neither stream
    /// with the operator's cookie (a second header must not ride on the first).
    /// </summary>
    [Theory]
    [InlineData("/hubs/user/negotiate?negotiateVersion=1")]
    [InlineData("/_blazor/negotiate?negotiateVersion=1")]
    public async Task A_stream_is_refused_when_any_of_several_origins_is_another(string path)
    {
        var client = await SignedInAsync("origins");

        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.TryAddWithoutValidation("Origin", "http://localhost");
        request.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(SameOriginSockets.Refused, problem.GetProperty("code").GetString());
        Assert.Contains("https://evil.example", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_apps_own_origin_and_requests_without_one_are_not_refused()
    {
        var client = factory.CreateClient();
        using var own = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        own.Headers.Add("Origin", "http://localhost");
        Assert.NotEqual(HttpStatusCode.Forbidden, (await client.SendAsync(own)).StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null)).StatusCode);
    }

    [Theory]
    [InlineData("http://app.example:5000", "app.example:5000", true)]
    [InlineData("http://APP.example:5000", "app.example:5000", true)]
    [InlineData("https://app.example", "app.example", true)]
    [InlineData("https://app.example", "app.example:443", true)]
    [InlineData("https://app.example:8443", "app.example", false)]
    [InlineData("http://app.example:5001", "app.example:5000", false)]
    [InlineData("http://sub.app.example", "app.example", false)]
    [InlineData("null", "app.example", false)]
    [InlineData("ftp://app.example", "app.example", false)]
    public void An_origin_is_the_same_when_its_host_and_port_are_the_requests(string origin, string host, bool same)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        Assert.Equal(same, SameOriginSockets.SameOrigin(origin, context.Request));
    }

    // A client signed in as a new operator: it keeps the session cookie and sends it with every request, as the browser would.
    private async Task<HttpClient> SignedInAsync(string prefix)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var email = $"{prefix}-{Guid.NewGuid():N}@test.local";
        await FormLogin.RegisterAsync(client, email, "Operator1!");
        await FormLogin.LoginAsync(client, email, "Operator1!");
        return client;
    }
}
