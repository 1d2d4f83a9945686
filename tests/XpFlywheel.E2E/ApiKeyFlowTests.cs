using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

/// <summary>
/// Keys made on the API keys page carry their limits to real HTTP requests over the loopback network, and an
/// admin's lockout on the users page stops them at once.
/// </summary>
public class ApiKeyFlowTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly object Order = new { side = "buy", type = "limit", price = 0.0200m, quantity = 100 };

    [Fact]
    public Task Key_limits_set_on_the_page_hold_for_programs_and_an_admin_lockout_stops_the_key() => RunAsync(async () =>
    {
        const string email = "e2e-keys@test.local";
        var owner = await OpenAsync();
        await RegisterAsync(owner, email, "KeyOwner1!");
        await owner.WaitForURLAsync("**/wallet");

        var reader = await CreateKeyAsync(owner, "dashboard", scope: "Read-only (GET only)", expiry: "In 30 days", networks: "127.0.0.1");
        var table = owner.GetByTestId("api-keys-table");
        var row = table.Locator("tbody tr", new() { HasText = "dashboard" });
        await Assertions.Expect(row).ToContainTextAsync("read-only");
        await Assertions.Expect(row).ToContainTextAsync("127.0.0.1/32");
        var in30Days = DateTime.UtcNow.AddDays(30);
        await Assertions.Expect(row.Locator("td[data-label=Expires]")).ToHaveTextAsync(new Regex($"^({in30Days.AddMinutes(-5):yyyy-MM-dd}|{in30Days:yyyy-MM-dd}) \\d\\d:\\d\\d UTC$"));
        var elsewhere = await CreateKeyAsync(owner, "office bot", scope: null, expiry: null, networks: "203.0.113.7");

        using var http = new HttpClient { BaseAddress = new Uri(Fixture.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, reader, HttpMethod.Get, "/api/v1/wallet")).StatusCode);
        await AssertRefusedAsync(await SendAsync(http, reader, HttpMethod.Post, "/api/v1/orders", Order), HttpStatusCode.Forbidden, "read_only_key");
        await AssertRefusedAsync(await SendAsync(http, elsewhere, HttpMethod.Get, "/api/v1/wallet"), HttpStatusCode.Forbidden, "ip_not_allowed");

        var admin = await OpenAsync();
        await LoginAsync(admin, AppFactory.AdminEmail, AppFactory.AdminPassword);
        await admin.WaitForURLAsync("**/market");
        await admin.GotoAsync("/admin/users");
        var user = admin.GetByTestId("users-table").Locator("tbody tr", new() { HasText = email });
        var lockOut = user.GetByRole(AriaRole.Button, new() { Name = "Lock out" });
        await Assertions.Expect(lockOut).ToBeEnabledAsync();
        await lockOut.ClickAsync();
        await Assertions.Expect(user).ToContainTextAsync("Locked out");

        await AssertRefusedAsync(await SendAsync(http, reader, HttpMethod.Get, "/api/v1/wallet"), HttpStatusCode.Unauthorized, "account_locked");
    });

    private static async Task<string> CreateKeyAsync(IPage page, string name, string? scope, string? expiry, string networks)
    {
        await page.GotoAsync("/settings/api-keys");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create key" });
        // The form works once the circuit is up; typing before that would be lost on the handoff.
        await Assertions.Expect(create).ToBeEnabledAsync();
        await page.GetByLabel("Key name").FillAsync(name);
        if (scope is not null)
            await ChooseAsync(page, "api-key-scope", scope);
        if (expiry is not null)
            await ChooseAsync(page, "api-key-expiry", expiry);
        await page.GetByLabel("Allowed IP addresses (optional)").FillAsync(networks);
        await create.ClickAsync();
        var created = page.GetByTestId("new-api-key");
        await Assertions.Expect(created).ToContainTextAsync(name);
        return (await created.Locator("pre").InnerTextAsync()).Trim();
    }

    private static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.GetByTestId(select).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option }).ClickAsync();
        await Assertions.Expect(page.GetByTestId(select)).ToHaveValueAsync(option);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string key, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", key);
        return http.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
