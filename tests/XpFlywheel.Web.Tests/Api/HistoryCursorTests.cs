using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

public sealed class HistoryCursorTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Own_orders_page_by_cursor_through_the_whole_history_while_new_ones_arrive()
    {
        var client = await ApiClient.CreateAsync(_factory, "cursor-orders@test.local", dollars: 1_000);
        var placed = new List<long>();
        for (var i = 0; i < 7; i++)
            placed.Add(await PlaceAsync(client, 0.0100m + i * 0.0001m));

        var seen = new List<long>();
        long? next = 1;
        while (next is { } from)
        {
            var page = await client.Http.GetFromJsonAsync<PageOf<OrderDto>>($"/api/v1/orders?fromId={from}&size=3");
            seen.AddRange(page!.Items.Select(o => o.Id));
            // Writes between pages land after the cursor: nothing is skipped or read twice.
            if (seen.Count == 3)
                placed.Add(await PlaceAsync(client, 0.0150m));
            next = page.Next;
        }

        Assert.Equal(placed, seen);
        var newest = await client.Http.GetFromJsonAsync<PageOf<OrderDto>>($"/api/v1/orders?before={placed[^1]}&size=2");
        Assert.Equal(placed[^3..^1].AsEnumerable().Reverse(), newest!.Items.Select(o => o.Id));
        Assert.Equal(placed[^3], newest.Next);
        var paged = await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?page=2&size=3");
        Assert.Equal(placed.AsEnumerable().Reverse().Skip(3).Take(3), paged!.Items.Select(o => o.Id));
    }

    [Fact]
    public async Task Trades_fills_and_postings_page_by_id_and_time_range()
    {
        var seller = await ApiClient.CreateAsync(_factory, "cursor-seller@test.local", xp: 1_000);
        var buyer = await ApiClient.CreateAsync(_factory, "cursor-buyer@test.local", dollars: 1_000);
        await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0200m, quantity = 500 });
        for (var i = 0; i < 5; i++)
            await buyer.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "market", quantity = 10 + i });
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var visitor = _factory.CreateClient();

        var oldest = await visitor.GetFromJsonAsync<JsonElement>("/api/v1/market/trades?fromId=1&limit=2");
        var ids = oldest.EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).ToList();
        var rest = await visitor.GetFromJsonAsync<JsonElement>($"/api/v1/market/trades?fromId={ids[^1] + 1}&limit=500");
        ids.AddRange(rest.EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
        Assert.Equal(5, ids.Count);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal([10L, 11L], oldest.EnumerateArray().Select(t => t.GetProperty("quantity").GetInt64()));
        var inRange = await visitor.GetFromJsonAsync<JsonElement>($"/api/v1/market/trades?startTime={now - 60_000}&endTime={now + 60_000}&limit=500");
        Assert.Equal(5, inRange.GetArrayLength());
        Assert.Equal(0, (await visitor.GetFromJsonAsync<JsonElement>($"/api/v1/market/trades?startTime={now + 60_000}")).GetArrayLength());

        var fills = await buyer.Http.GetFromJsonAsync<PageOf<MyTradeDto>>($"/api/v1/trades/mine?before={ids[^1]}&size=2");
        Assert.Equal([ids[^2], ids[^3]], fills!.Items.Select(f => f.Id));
        Assert.Equal(ids[^3], fills.Next);
        var postings = await buyer.Http.GetFromJsonAsync<PageOf<PostingDto>>("/api/v1/wallet/postings?fromId=1&size=200");
        Assert.Equal(postings!.Items.Select(p => p.Sequence).Order(), postings.Items.Select(p => p.Sequence));
        Assert.Equal(postings.Total, postings.Items.Count);
        Assert.Null(postings.Next);
        var nothingYet = await buyer.Http.GetFromJsonAsync<PageOf<PostingDto>>($"/api/v1/wallet/postings?endTime={now - 3_600_000}");
        Assert.Empty(nothingYet!.Items);
    }

    [Theory]
    [InlineData("/api/v1/orders?fromId=0", "fromId")]
    [InlineData("/api/v1/orders?fromId=5&page=2", "page")]
    [InlineData("/api/v1/trades/mine?startTime=2000&endTime=1000", "startTime")]
    [InlineData("/api/v1/wallet/postings?endTime=-1", "endTime")]
    [InlineData("/api/v1/market/trades?startTime=99999999999999999", "startTime")]
    [InlineData("/api/v1/market/trades?before=1e3", "before")]
    public async Task Bad_cursor_is_400_validation_failed(string path, string field)
    {
        var client = await ApiClient.CreateAsync(_factory, $"cursor-bad-{Guid.NewGuid():N}@test.local");

        var response = await client.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    private static async Task<long> PlaceAsync(ApiClient client, decimal price)
    {
        var response = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price, quantity = 1 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!.Id;
    }
}
