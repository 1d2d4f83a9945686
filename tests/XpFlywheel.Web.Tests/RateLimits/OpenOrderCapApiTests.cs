using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.RateLimits;

// Its own app: the cap is a market parameter, global state.
public sealed class OpenOrderCapApiTests : IAsyncLifetime
{
    private readonly AppFactory _factory = new();

    public Task InitializeAsync() => _factory.Services.GetRequiredService<ExchangeHost>().Ready;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Placing_beyond_the_open_order_cap_is_refused_with_too_many_open_orders_and_places_nothing()
    {
        var host = _factory.Services.GetRequiredService<ExchangeHost>();
        await host.ExecuteAsync(session => ParameterChanges.SetMarket(session, MarketParameters.Default with { MaxOpenOrders = 2 }, "admin@test.local"));
        var client = await ApiClient.CreateAsync(_factory, "cap@test.local", dollars: 100);

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Created, (await PlaceAsync(client)).StatusCode);
        var refused = await PlaceAsync(client);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("too_many_open_orders", problem.GetProperty("code").GetString());
        var open = await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=all");
        Assert.Equal(2, open!.Total);
    }

    private static Task<HttpResponseMessage> PlaceAsync(ApiClient client) =>
        client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 100 });
}
