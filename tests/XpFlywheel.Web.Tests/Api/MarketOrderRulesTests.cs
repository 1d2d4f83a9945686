using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

public sealed class MarketOrderRulesTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("{\"side\":\"buy\",\"type\":\"market\",\"price\":0.02,\"quantity\":10}", "price")]
    [InlineData("{\"side\":\"buy\",\"type\":\"market\",\"timeInForce\":\"gtc\",\"quantity\":10}", "timeInForce")]
    [InlineData("{\"side\":\"sell\",\"type\":\"market\",\"timeInForce\":\"GTC\",\"price\":0.03,\"quantity\":10}", "timeInForce")]
    public async Task Market_order_carrying_a_field_it_would_ignore_is_refused(string json, string field)
    {
        var client = await ApiClient.CreateAsync(factory, $"mkt-rule-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 100);

        var response = await client.Http.PostAsync("/api/v1/orders", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
    }

    [Theory]
    [InlineData("market", null, null)]
    [InlineData("market", "ioc", null)]
    [InlineData("limit", "ioc", 0.0300)]
    public async Task Ioc_and_market_remainders_are_reported_expired_not_cancelled(string type, string? tif, double? price)
    {
        var seller = await ApiClient.CreateAsync(factory, $"exp-seller-{Guid.NewGuid():N}@test.local", xp: 100);
        var buyer = await ApiClient.CreateAsync(factory, $"exp-buyer-{Guid.NewGuid():N}@test.local", dollars: 100);
        await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0300m, quantity = 40 });

        var placed = await buyer.Http.PostAsJsonAsync("/api/v1/orders",
            new { side = "buy", type, timeInForce = tif, price = (decimal?)price, quantity = 100 });

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = (await placed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!;
        Assert.Equal("expired", order.Status);
        Assert.Equal("expired", (await buyer.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{order.Id}"))!.Status);
        // A cancel by the owner stays "cancelled".
        var resting = await seller.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=open");
        foreach (var open in resting!.Items)
            Assert.Equal("cancelled", (await (await seller.Http.DeleteAsync($"/api/v1/orders/{open.Id}")).Content.ReadFromJsonAsync<OrderDto>())!.Status);
    }

    [Fact]
    public void Order_history_shows_an_expired_remainder_as_expired()
    {
        var expired = new OrderRecord { Status = OrderStatus.Cancelled, CancelReason = "Expired" };
        var cancelled = new OrderRecord { Status = OrderStatus.Cancelled, CancelReason = "Requested" };

        Assert.Equal(("Expired", "expired"), (OrderStatusName.Display(expired), OrderStatusName.Api(expired)));
        Assert.Equal(("Cancelled (Requested)", "cancelled"), (OrderStatusName.Display(cancelled), OrderStatusName.Api(cancelled)));
    }
}
