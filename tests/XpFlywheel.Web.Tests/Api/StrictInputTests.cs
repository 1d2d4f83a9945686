using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>What a request sends that its endpoint does not read is refused naming it, and changes nothing.</summary>
public sealed class StrictInputTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    /// <summary>A cancel-all with a side filter it does not have must not cancel the other side: it cancels nothing.</summary>
    [Theory]
    [InlineData("/api/v1/orders?side=sell", "side")]
    [InlineData("/api/v1/orders?symbol=XP-USD&orderIds=1,2", "symbol")]
    public async Task A_query_parameter_the_endpoint_does_not_have_is_refused_and_cancels_nothing(string path, string field)
    {
        var client = await ApiClient.CreateAsync(_factory, $"strict-query-{Guid.NewGuid():N}@test.local", dollars: 10);
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0100m, quantity = 10 })).StatusCode);

        var response = await client.Http.DeleteAsync(path);

        await AssertRefusedAsync(response, field);
        Assert.Equal(1, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=open"))!.Total);
    }

    [Theory]
    [InlineData("/api/v1/orders?statuss=open", "statuss")]
    [InlineData("/api/v1/wallet?currency=usd", "currency")]
    [InlineData("/api/v1/orders/1?id=2", "id")]
    public async Task A_misspelt_or_unknown_query_parameter_on_a_read_is_refused_naming_it(string path, string field)
    {
        var client = await ApiClient.CreateAsync(_factory, $"strict-read-{Guid.NewGuid():N}@test.local");

        await AssertRefusedAsync(await client.Http.GetAsync(path), field);
    }

    /// <summary>A parameter sent twice is refused naming it: a text one would be read as both values joined by a comma.</summary>
    [Theory]
    [InlineData("/api/v1/orders?clientOrderId=qa&clientOrderId=qb", "clientOrderId")]
    [InlineData("/api/v1/leaderboard?search=swift&search=zzzz", "search")]
    [InlineData("/api/v1/orders?status=open&STATUS=open", "status")]
    [InlineData("/api/v1/otc/offers?side=buy&side=sell", "side")]
    public async Task A_query_parameter_sent_twice_is_refused_naming_it(string path, string field)
    {
        var client = await ApiClient.CreateAsync(_factory, $"strict-twice-{Guid.NewGuid():N}@test.local");

        var response = await client.Http.GetAsync(path);

        await AssertRefusedAsync(response, field);
    }

    [Fact]
    public async Task Anonymous_reads_refuse_unknown_query_parameters_too()
    {
        var http = _factory.CreateClient();

        await AssertRefusedAsync(await http.GetAsync("/api/v1/market/candles?interval=1m&timeZone=8"), "timeZone");
        await AssertRefusedAsync(await http.GetAsync("/api/v1/epochs?sort=asc"), "sort");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/market/candles?interval=1m&LIMIT=5")).StatusCode);
    }

    [Fact]
    public async Task A_body_sent_to_a_change_that_takes_none_is_refused_naming_its_fields_and_changes_nothing()
    {
        var client = await ApiClient.CreateAsync(_factory, $"strict-body-{Guid.NewGuid():N}@test.local", dollars: 10);
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0100m, quantity = 10 })).StatusCode);

        var withFields = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/orders") { Content = JsonContent.Create(new { side = "sell" }) });
        var notJson = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/orders") { Content = new StringContent("cancel please", Encoding.UTF8, "text/plain") });

        await AssertRefusedAsync(withFields, "side");
        await AssertRefusedAsync(notJson, "body");
        Assert.Equal(1, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=open"))!.Total);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData(" null ")]
    public async Task An_empty_body_on_a_change_that_takes_none_says_nothing_and_is_accepted(string body)
    {
        var client = await ApiClient.CreateAsync(_factory, $"strict-empty-{Guid.NewGuid():N}@test.local", dollars: 10);
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0100m, quantity = 10 })).StatusCode);

        var response = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=open"))!.Total);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
