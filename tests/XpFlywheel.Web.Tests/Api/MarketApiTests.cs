using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

public sealed class MarketApiTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Public_market_endpoints_answer_visitors_with_the_trade_just_made()
    {
        var seller = await ApiClient.CreateAsync(_factory, "mkt-seller@test.local", xp: 1_000);
        var buyer = await ApiClient.CreateAsync(_factory, "mkt-buyer@test.local", dollars: 100);
        await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0250m, quantity = 600 });
        await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0260m, quantity = 100 });
        await buyer.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "market", quantity = 200 });
        var visitor = _factory.CreateClient();

        var trades = await visitor.GetFromJsonAsync<JsonElement>("/api/v1/market/trades?limit=10");
        var trade = Assert.Single(trades.EnumerateArray());
        Assert.Equal(0.025m, trade.GetProperty("price").GetDecimal());
        Assert.Equal(200, trade.GetProperty("quantity").GetInt64());
        Assert.Equal("buy", trade.GetProperty("takerSide").GetString());
        Assert.True(trade.TryGetProperty("id", out _) && trade.TryGetProperty("time", out _));

        var book = await visitor.GetFromJsonAsync<JsonElement>("/api/v1/market/book?depth=1");
        var ask = Assert.Single(book.GetProperty("asks").EnumerateArray());
        Assert.Equal(0.025m, ask.GetProperty("price").GetDecimal());
        Assert.Equal(400, ask.GetProperty("quantity").GetInt64());

        var ticker = await visitor.GetFromJsonAsync<JsonElement>("/api/v1/market/ticker");
        Assert.Equal(0.025m, ticker.GetProperty("last").GetDecimal());

        var candles = await visitor.GetFromJsonAsync<JsonElement>("/api/v1/market/candles?interval=1m");
        var candle = Assert.Single(candles.EnumerateArray());
        Assert.Equal(200, candle.GetProperty("volume").GetInt64());
    }

    [Fact]
    public async Task An_amended_order_shows_in_the_public_book_at_once()
    {
        var trader = await ApiClient.CreateAsync(_factory, "mkt-amender@test.local", dollars: 100);
        var placed = await trader.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 500 });
        var id = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order").GetProperty("id").GetInt64();
        var visitor = _factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await trader.Http.PatchAsJsonAsync($"/api/v1/orders/{id}", new { price = 0.0210m })).StatusCode);
        Assert.Equal((0.021m, 500L), await OnlyBidAsync(visitor));

        Assert.Equal(HttpStatusCode.OK, (await trader.Http.PatchAsJsonAsync($"/api/v1/orders/{id}", new { quantity = 200 })).StatusCode);
        Assert.Equal((0.021m, 200L), await OnlyBidAsync(visitor));
    }

    [Theory]
    [InlineData("/api/v1/market/candles?interval=2m", "interval")]
    [InlineData("/api/v1/market/book?depth=0", "depth")]
    [InlineData("/api/v1/market/trades?limit=100000", "limit")]
    public async Task Bad_market_query_gets_a_validation_problem(string path, string field)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    private static async Task<(decimal Price, long Quantity)> OnlyBidAsync(HttpClient visitor)
    {
        var book = await visitor.GetFromJsonAsync<JsonElement>("/api/v1/market/book");
        var bid = Assert.Single(book.GetProperty("bids").EnumerateArray());
        return (bid.GetProperty("price").GetDecimal(), bid.GetProperty("quantity").GetInt64());
    }
}
