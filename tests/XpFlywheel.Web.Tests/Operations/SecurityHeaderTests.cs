using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Operations;

public sealed class SecurityHeaderTests
{
    // A page, an API answer, the OpenAPI document and the API reference: each kind of response the app serves.
    public static TheoryData<string> Paths => new() { "/", "/api/v1/market/book", "/openapi/v1.json", "/api/reference" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task EveryResponseCarriesThePolicyNosniffReferrerAndFrameBan(string path)
    {
        await using var app = new AppFactory();
        var response = await app.CreateClient().GetAsync(path);

        Assert.True(response.IsSuccessStatusCode, $"{path} answered {response.StatusCode}");
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task PagesAllowOnlyTheirOwnScriptsAndTheNoncedImportMap()
    {
        await using var app = new AppFactory();
        var response = await app.CreateClient().GetAsync("/");
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var html = await response.Content.ReadAsStringAsync();

        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", policy);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", html);
    }

    [Fact]
    public async Task EachPageGetsAFreshNonce()
    {
        await using var app = new AppFactory();
        var client = app.CreateClient();
        var first = (await client.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single();
        var second = (await client.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task KestrelDoesNotNameItself()
    {
        await using var app = new AppFactory();
        var kestrel = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        var response = await app.CreateClient().GetAsync("/");

        Assert.False(kestrel.AddServerHeader);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task ProductionSendsHstsOverHttps()
    {
        await using var app = new AppFactory { Environment = "Production" };
        var response = await HttpsClient(app).GetAsync("/api/v1/market/book");

        var hsts = Assert.Single(response.Headers.GetValues("Strict-Transport-Security"));
        Assert.Equal("max-age=31536000; includeSubDomains", hsts);
    }

    [Fact]
    public async Task DevelopmentSendsNoHsts()
    {
        await using var app = new AppFactory { Environment = "Development" };
        var response = await HttpsClient(app).GetAsync("/api/v1/market/book");

        Assert.True(response.IsSuccessStatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ProductionServesPlainHttpWithoutHstsWhenNoHttpsPortIsKnown()
    {
        await using var app = new AppFactory { Environment = "Production" };
        var response = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync("/api/v1/market/book");

        Assert.True(response.IsSuccessStatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    // HSTS is only ever sent over HTTPS and never for localhost, so these requests name another host over https.
    private static HttpClient HttpsClient(AppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://xpflywheel.test"), AllowAutoRedirect = false });
}
