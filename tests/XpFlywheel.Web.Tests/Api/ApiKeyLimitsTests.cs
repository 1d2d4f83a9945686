using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Tests.Epochs;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>
/// An API key works only while its account stands, until it expires, for what its scope allows, and from the
/// addresses it lists. Every refusal is problem details with a code, and changes nothing.
/// </summary>
public sealed class ApiKeyLimitsTests : IDisposable
{
    private const string PeerHeader = PeerFromHeader.Header;
    private static readonly object Order = new { side = "buy", type = "limit", price = 0.0200m, quantity = 100 };

    private readonly TestClock _clock = new(new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ClockedAppFactory _factory;
    private readonly WebApplicationFactory<Program> _app;

    public ApiKeyLimitsTests()
    {
        _factory = new ClockedAppFactory(_clock);
        // TestServer has no network peer: the test names the caller's address in a header.
        _app = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerFromHeader>()));
    }

    public void Dispose() => _factory.Dispose();

    private IServiceProvider Services => _app.Services;

    private ApiKeyService Keys => Services.GetRequiredService<ApiKeyService>();

    [Fact]
    public async Task Locked_out_accounts_keys_are_refused_at_once_with_account_locked()
    {
        var (_, http) = await OperatorWithKeyAsync("locked@test.local");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/wallet")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/v1/orders", Order)).StatusCode);

        await SetAdminLockoutAsync("locked@test.local", lockedOut: true);

        var wallet = await http.GetAsync("/api/v1/wallet");
        var order = await http.PostAsJsonAsync("/api/v1/orders", Order);
        Assert.Equal((HttpStatusCode.Unauthorized, "account_locked"), (wallet.StatusCode, await CodeAsync(wallet)));
        Assert.Equal((HttpStatusCode.Unauthorized, "account_locked"), (order.StatusCode, await CodeAsync(order)));

        await SetAdminLockoutAsync("locked@test.local", lockedOut: false);
        Assert.Equal(1, (await http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
    }

    [Fact]
    public async Task Failed_sign_ins_neither_lock_the_account_nor_switch_its_keys_off()
    {
        var (_, http) = await OperatorWithKeyAsync("guessed@test.local");
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        for (var i = 0; i < 5; i++)
            await FormLogin.LoginAsync(browser, "guessed@test.local", "wrong-password");

        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.False(await users.IsLockedOutAsync((await users.FindByEmailAsync("guessed@test.local"))!));
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/wallet")).StatusCode);
    }

    [Fact]
    public async Task Deleted_accounts_keys_are_refused_with_account_deleted()
    {
        var (operatorId, http) = await OperatorWithKeyAsync("deleted@test.local", dollars: 0);
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Wallets.Remove(await db.Wallets.SingleAsync(w => w.Id == operatorId));
            await db.SaveChangesAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByEmailAsync("deleted@test.local"))!)).Succeeded);
        }

        var response = await http.GetAsync("/api/v1/wallet");

        Assert.Equal((HttpStatusCode.Unauthorized, "account_deleted"), (response.StatusCode, await CodeAsync(response)));
    }

    [Fact]
    public async Task Expired_key_is_refused_with_api_key_expired()
    {
        var (_, http) = await OperatorWithKeyAsync("expiring@test.local", options: new(ExpiresAt: _clock.GetUtcNow().UtcDateTime.AddHours(1)));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/wallet")).StatusCode);

        _clock.Advance(TimeSpan.FromHours(1));
        var response = await http.PostAsJsonAsync("/api/v1/orders", Order);

        Assert.Equal((HttpStatusCode.Unauthorized, "api_key_expired"), (response.StatusCode, await CodeAsync(response)));
    }

    [Fact]
    public async Task Key_expiry_must_be_in_the_future()
    {
        var operatorId = await Operators.CreateAsync(Services, "past@test.local");

        var creation = await Keys.CreateAsync(operatorId, "late", new ApiKeyService.KeyOptions(ExpiresAt: _clock.GetUtcNow().UtcDateTime.AddMinutes(-1)));

        Assert.Equal((null, "expiresAt"), (creation.Key, creation.Field));
        Assert.Empty(await Keys.ListAsync(operatorId));
    }

    [Fact]
    public async Task Expired_keys_do_not_count_towards_the_limit_of_active_keys()
    {
        var operatorId = await Operators.CreateAsync(Services, "many@test.local");
        var soon = new ApiKeyService.KeyOptions(ExpiresAt: _clock.GetUtcNow().UtcDateTime.AddHours(1));
        for (var i = 0; i < ApiKeyService.MaxKeysPerOperator; i++)
            Assert.NotNull((await Keys.CreateAsync(operatorId, $"bot {i}", soon)).Key);
        Assert.Null((await Keys.CreateAsync(operatorId, "one too many")).Key);

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.NotNull((await Keys.CreateAsync(operatorId, "replacement")).Key);
    }

    [Fact]
    public async Task Read_only_key_reads_but_every_post_patch_and_delete_is_403_read_only_key()
    {
        var (operatorId, trader) = await OperatorWithKeyAsync("reader@test.local");
        var placed = await trader.PostAsJsonAsync("/api/v1/orders", Order);
        var orderId = (await placed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!.Id;
        var reader = Client((await Keys.CreateAsync(operatorId, "dashboard", new ApiKeyService.KeyOptions(Scope: ApiKeyScope.ReadOnly))).Key!.Secret);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/wallet")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/orders/{orderId}")).StatusCode);
        foreach (var refused in new[]
                 {
                     await reader.PostAsJsonAsync("/api/v1/orders", Order),
                     await reader.PatchAsJsonAsync($"/api/v1/orders/{orderId}", new { quantity = 50 }),
                     await reader.DeleteAsync($"/api/v1/orders/{orderId}"),
                     await reader.DeleteAsync("/api/v1/orders"),
                     await reader.PostAsJsonAsync("/api/v1/agents", new { name = "Sneaky" }),
                 })
        {
            Assert.Equal((HttpStatusCode.Forbidden, "read_only_key"), (refused.StatusCode, await CodeAsync(refused)));
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        var order = await trader.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{orderId}");
        Assert.Equal(("open", 100L), (order!.Status, order.Remaining));
        Assert.Equal(1, (await trader.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
        Assert.Empty((await trader.GetFromJsonAsync<List<AgentDto>>("/api/v1/agents"))!);
    }

    [Theory]
    [InlineData("203.0.113.9", HttpStatusCode.OK)]
    [InlineData("203.0.113.255", HttpStatusCode.OK)]
    [InlineData("::ffff:203.0.113.9", HttpStatusCode.OK)]
    [InlineData("2001:db8::1", HttpStatusCode.OK)]
    [InlineData("198.51.100.1", HttpStatusCode.Forbidden)]
    [InlineData("203.0.114.1", HttpStatusCode.Forbidden)]
    [InlineData("2001:db8::2", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Forbidden)]
    public async Task Key_with_an_ip_allow_list_works_only_from_the_listed_addresses(string? peer, HttpStatusCode expected)
    {
        var (operatorId, http) = await OperatorWithKeyAsync($"ip-{Guid.NewGuid():N}@test.local", options: new(AllowedNetworks: "203.0.113.0/24, 2001:db8::1"));
        if (peer is not null)
            http.DefaultRequestHeaders.Add(PeerHeader, peer);

        var read = await http.GetAsync("/api/v1/wallet");
        var write = await http.PostAsJsonAsync("/api/v1/orders", Order);

        Assert.Equal(expected, read.StatusCode);
        // A key is "last used" only by a request its allow-list admits: one refused from elsewhere did not use it.
        var lastUsed = (await Keys.ListAsync(operatorId)).Single().LastUsedAt;
        Assert.Equal(expected == HttpStatusCode.OK, lastUsed is not null);
        if (expected == HttpStatusCode.OK)
            return;
        Assert.Equal("ip_not_allowed", await CodeAsync(read));
        Assert.Equal((HttpStatusCode.Forbidden, "ip_not_allowed"), (write.StatusCode, await CodeAsync(write)));
        http.DefaultRequestHeaders.Remove(PeerHeader);
        http.DefaultRequestHeaders.Add(PeerHeader, "203.0.113.9");
        Assert.Equal(0, (await http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
    }

    [Theory]
    [InlineData("10.0.0.1/8")]
    [InlineData("300.1.1.1")]
    [InlineData("10")]
    [InlineData("10.1")]
    [InlineData("10.0.0.0/33")]
    [InlineData("localhost")]
    [InlineData("203.0.113.7, nonsense")]
    public async Task Allow_list_entry_that_is_no_address_or_range_is_refused_naming_it(string networks)
    {
        var operatorId = await Operators.CreateAsync(Services, $"bad-ip-{Guid.NewGuid():N}@test.local");

        var creation = await Keys.CreateAsync(operatorId, "bot", new ApiKeyService.KeyOptions(AllowedNetworks: networks));

        Assert.Equal((null, "allowedNetworks"), (creation.Key, creation.Field));
        Assert.Contains("is not an IP address or CIDR range", creation.Error);
        Assert.Empty(await Keys.ListAsync(operatorId));
    }

    [Fact]
    public async Task Allow_list_is_stored_as_canonical_ranges_and_listed_with_scope_and_expiry()
    {
        var operatorId = await Operators.CreateAsync(Services, "listed@test.local");
        var expires = _clock.GetUtcNow().UtcDateTime.AddDays(30);

        await Keys.CreateAsync(operatorId, "office", new ApiKeyService.KeyOptions(ApiKeyScope.ReadOnly, expires, "203.0.113.7; ::ffff:10.1.2.3\n2001:db8::/32 203.0.113.7"));

        var key = Assert.Single(await Keys.ListAsync(operatorId));
        Assert.Equal(["203.0.113.7/32", "10.1.2.3/32", "2001:db8::/32"], key.AllowedNetworks);
        Assert.Equal((ApiKeyScope.ReadOnly, expires), (key.Scope, key.ExpiresAt));
    }

    private async Task<(long OperatorId, HttpClient Http)> OperatorWithKeyAsync(string email, decimal dollars = 100, ApiKeyService.KeyOptions? options = null)
    {
        var operatorId = await Operators.CreateAsync(Services, email);
        await Operators.FundAsync(Services, operatorId, dollars, 0);
        var creation = await Keys.CreateAsync(operatorId, "bot", options ?? new());
        return (operatorId, Client(creation.Key!.Secret));
    }

    private HttpClient Client(string key)
    {
        var http = _app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    // What the admin users page does when an admin presses Lock out or Unlock.
    private async Task SetAdminLockoutAsync(string email, bool lockedOut)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, lockedOut ? DateTimeOffset.MaxValue : null);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

}
