using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>Every numeric input of every endpoint, at any magnitude, is a 400 validation_failed and changes nothing.</summary>
public sealed class NumericInputTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string Huge = "8000000000000000000000000";

    [Theory]
    [InlineData("/api/v1/jobs", "{\"providerAgentId\":2,\"amount\":5,\"succeeded\":true}", "clientAgentId")]
    [InlineData("/api/v1/jobs", "{\"clientAgentId\":1,\"amount\":5,\"succeeded\":true}", "providerAgentId")]
    [InlineData("/api/v1/jobs", "{\"clientAgentId\":1,\"providerAgentId\":2,\"succeeded\":true}", "amount")]
    [InlineData("/api/v1/jobs", "{\"clientAgentId\":1,\"providerAgentId\":2,\"amount\":5}", "succeeded")]
    [InlineData("/api/v1/locks", "{\"amount\":5}", "agentId")]
    [InlineData("/api/v1/burns", "{}", "amount")]
    [InlineData("/api/v1/otc/offers", "{\"side\":\"sell\",\"price\":0.02,\"expiresAt\":\"2099-01-01T00:00:00Z\"}", "quantity")]
    [InlineData("/api/v1/otc/offers/1/take", "{}", "quantity")]
    [InlineData("/api/v1/otc/requests", "{\"side\":\"buy\"}", "quantity")]
    public async Task A_required_field_left_out_answers_400_naming_it(string path, string body, string field)
    {
        var client = await ApiClient.CreateAsync(factory, $"missing-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 100);

        var response = await client.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var reasons), $"errors should name {field}: {problem}");
        Assert.Equal($"{field} is required.", reasons[0].GetString());
    }

    /// <summary>
    /// A number out of range is a 400 naming it before anything is looked up: its answer never depends on whether the
    /// lock or offer exists, or what state it is in (the lock and offer ids here exist for nobody).
    /// </summary>
    [Theory]
    [InlineData("/api/v1/locks/99999/unlock", "{\"amount\":0}", "amount")]
    [InlineData("/api/v1/locks/99999/unlock", "{\"amount\":-1}", "amount")]
    [InlineData("/api/v1/locks/99999/unlock", "{\"amount\":\"-0\"}", "amount")]
    [InlineData("/api/v1/locks/99999/unlock", "{\"amount\":1000000000001}", "amount")]
    [InlineData("/api/v1/otc/offers/99999/take", "{\"quantity\":0}", "quantity")]
    [InlineData("/api/v1/otc/offers/99999/take", "{\"quantity\":-1}", "quantity")]
    [InlineData("/api/v1/otc/offers/99999/take", "{\"quantity\":1000000000001}", "quantity")]
    public async Task An_out_of_range_number_is_a_400_before_anything_is_looked_up(string path, string body, string field)
    {
        var client = await ApiClient.CreateAsync(factory, $"range-first-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 100);

        var response = await client.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
    }

    [Theory]
    [InlineData("/api/v1/market/trades?limit=1&limit=2", "limit")]
    [InlineData("/api/v1/orders?page=1&page=2", "page")]
    public async Task A_query_parameter_sent_twice_is_refused_as_repeated_not_as_a_bad_number(string path, string field)
    {
        var client = await ApiClient.CreateAsync(factory, $"twice-{Guid.NewGuid():N}@test.local");

        var response = await client.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.Contains("appears more than once in the query", problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Theory]
    [InlineData("/api/v1/burns?size=5%00", "size")]
    [InlineData("/api/v1/orders?fromId=1%00", "fromId")]
    [InlineData("/api/v1/orders?startTime=0%00%00", "startTime")]
    [InlineData("/api/v1/market/trades?limit=1%00", "limit")]
    [InlineData("/api/v1/burns?size=%2B5", "size")]
    [InlineData("/api/v1/burns?size=%205", "size")]
    [InlineData("/api/v1/burns?size=5+", "size")]
    [InlineData("/api/v1/burns?size=5%20", "size")]
    [InlineData("/api/v1/market/trades?limit=%2B1", "limit")]
    [InlineData("/api/v1/orders/+6584", "id")]
    [InlineData("/api/v1/orders/%206584", "id")]
    [InlineData("/api/v1/burns/%2B1", "id")]
    public async Task A_number_in_the_query_or_path_is_written_in_digits_alone(string path, string field)
    {
        var client = await ApiClient.CreateAsync(factory, $"digits-{Guid.NewGuid():N}@test.local");

        var response = await client.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/burns?size=5")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/api/v1/orders/6584")).StatusCode);
    }

    [Fact]
    public async Task The_digits_refusal_says_a_leading_minus_is_read_and_the_range_check_judges_it()
    {
        var client = await ApiClient.CreateAsync(factory, $"minus-{Guid.NewGuid():N}@test.local");

        var plus = await (await client.Http.GetAsync("/api/v1/burns?size=%2B5")).Content.ReadFromJsonAsync<JsonElement>();
        var minus = await client.Http.GetAsync("/api/v1/burns?size=-5");

        Assert.Contains("at most a leading minus", plus.GetProperty("errors").GetProperty("size")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, minus.StatusCode);
        var range = (await minus.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("size")[0].GetString();
        Assert.DoesNotContain("digits alone", range);
    }

    [Theory]
    [InlineData("price", "0.0115", "1")]
    [InlineData("quantity", "0.0115", "1")]
    public async Task A_price_or_quantity_sent_as_a_string_is_read_as_the_same_digits_sent_as_a_number_at_any_length(string field, string price, string quantity)
    {
        var client = await ApiClient.CreateAsync(factory, $"long-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 100);
        var zeros = new string('0', 60_000);
        // Trailing zeros change nothing: 0.0115000…0 is 0.0115 and 1.000…0 is 1, as a number or a string.
        var exact = field == "price" ? (price + zeros, quantity) : (price, quantity + "." + zeros);
        // Digits beyond any value the market holds are out of range, as a number or a string.
        var beyond = field == "price" ? ("1" + zeros, quantity) : (price, "1" + zeros);

        async Task<(HttpStatusCode Status, JsonElement Body)> PlaceAsync((string Price, string Quantity) values, bool quoted)
        {
            var q = quoted ? "\"" : "";
            var response = await client.Http.PostAsync("/api/v1/orders", new StringContent(
                $"{{\"side\":\"buy\",\"type\":\"limit\",\"price\":{q}{values.Price}{q},\"quantity\":{q}{values.Quantity}{q},\"postOnly\":true}}",
                Encoding.UTF8, "application/json"));
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        foreach (var quoted in new[] { false, true })
        {
            var placed = await PlaceAsync(exact, quoted);
            Assert.Equal(HttpStatusCode.Created, placed.Status);
            Assert.Equal(0.0115m, placed.Body.GetProperty("order").GetProperty("price").GetDecimal());
            Assert.Equal(1, placed.Body.GetProperty("order").GetProperty("quantity").GetInt64());

            var refused = await PlaceAsync(beyond, quoted);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal("validation_failed", refused.Body.GetProperty("code").GetString());
            Assert.Contains("out of range", refused.Body.GetProperty("errors").GetProperty(field)[0].GetString());
        }
        Assert.Equal(2, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
    }

    [Fact]
    public async Task A_body_that_names_a_field_twice_is_refused_and_places_nothing()
    {
        var client = await ApiClient.CreateAsync(factory, $"dup-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 100);

        var response = await client.Http.PostAsync("/api/v1/orders", new StringContent(
            "{\"side\":\"buy\",\"type\":\"limit\",\"price\":\"0.0200\",\"quantity\":1,\"side\":\"sell\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
    }

    [Theory]
    [InlineData("POST", "/api/v1/orders", "{\"side\":\"buy\",\"type\":\"limit\",\"price\":" + Huge + ",\"quantity\":1}", "price")]
    [InlineData("POST", "/api/v1/orders", "{\"side\":\"buy\",\"type\":\"limit\",\"price\":79228162514264337593543950335,\"quantity\":1}", "price")]
    [InlineData("POST", "/api/v1/orders", "{\"side\":\"buy\",\"type\":\"limit\",\"price\":1e400,\"quantity\":1}", "price")]
    [InlineData("POST", "/api/v1/orders", "{\"side\":\"buy\",\"type\":\"limit\",\"price\":-0.02,\"quantity\":1}", "price")]
    [InlineData("POST", "/api/v1/orders", "{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":1e30}", "quantity")]
    [InlineData("POST", "/api/v1/orders", "{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":-5}", "quantity")]
    [InlineData("POST", "/api/v1/orders", "{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":1.5}", "quantity")]
    [InlineData("POST", "/api/v1/orders", "{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":\"NaN\"}", "quantity")]
    [InlineData("POST", "/api/v1/orders", "{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.020000000000000000000000000000000001,\"quantity\":1}", "price")]
    [InlineData("POST", "/api/v1/orders", "{\"side\":\"buy\",\"type\":\"limit\",\"price\":\"0.01999999999999999999999999999999\",\"quantity\":1}", "price")]
    [InlineData("POST", "/api/v1/orders", "{\"side\":\"buy\",\"type\":\"limit\",\"price\":2e-30,\"quantity\":1}", "price")]
    [InlineData("PATCH", "/api/v1/orders/{order}", "{\"price\":" + Huge + "}", "price")]
    [InlineData("PATCH", "/api/v1/orders/{order}", "{\"price\":-1e-3}", "price")]
    [InlineData("PATCH", "/api/v1/orders/{order}", "{\"quantity\":99999999999999999999}", "quantity")]
    [InlineData("PATCH", "/api/v1/orders/99999999999999999999", "{\"quantity\":1}", "id")]
    [InlineData("GET", "/api/v1/orders/NaN", null, "id")]
    [InlineData("DELETE", "/api/v1/orders/-1e5", null, "id")]
    [InlineData("DELETE", "/api/v1/orders/-1", null, "id")]
    [InlineData("GET", "/api/v1/orders/0", null, "id")]
    [InlineData("PATCH", "/api/v1/orders/-7", "{\"quantity\":1}", "id")]
    [InlineData("POST", "/api/v1/jobs/-1/dispute", null, "id")]
    [InlineData("POST", "/api/v1/otc/offers/0/take", "{\"quantity\":1}", "id")]
    [InlineData("GET", "/api/v1/epochs/-1/allocations", null, "number")]
    [InlineData("GET", "/api/v1/orders?page=-1", null, "page")]
    [InlineData("GET", "/api/v1/orders?page=2147483647&size=200", null, "page")]
    [InlineData("GET", "/api/v1/orders?size=1e3", null, "size")]
    [InlineData("GET", "/api/v1/orders?size=0", null, "size")]
    [InlineData("GET", "/api/v1/trades/mine?page=99999999999", null, "page")]
    [InlineData("GET", "/api/v1/wallet/postings?size=NaN", null, "size")]
    [InlineData("GET", "/api/v1/wallet/postings?size=100000", null, "size")]
    [InlineData("GET", "/api/v1/jobs?page=0", null, "page")]
    [InlineData("GET", "/api/v1/leaderboard?page=2147483647", null, "page")]
    [InlineData("GET", "/api/v1/leaderboard?size=-3", null, "size")]
    [InlineData("GET", "/api/v1/market/book?depth=1e309", null, "depth")]
    [InlineData("GET", "/api/v1/market/trades?limit=-5", null, "limit")]
    [InlineData("GET", "/api/v1/market/candles?interval=1m&limit=99999999999", null, "limit")]
    [InlineData("GET", "/api/v1/epochs?page=99999999999", null, "page")]
    [InlineData("GET", "/api/v1/epochs/1e99/allocations", null, "number")]
    [InlineData("POST", "/api/v1/jobs", "{\"clientAgentId\":1,\"providerAgentId\":2,\"amount\":" + Huge + Huge + ",\"succeeded\":true}", "amount")]
    [InlineData("POST", "/api/v1/jobs", "{\"clientAgentId\":1e30,\"providerAgentId\":2,\"amount\":1,\"succeeded\":true}", "clientAgentId")]
    [InlineData("POST", "/api/v1/locks", "{\"agentId\":0,\"amount\":5}", "agentId")]
    [InlineData("POST", "/api/v1/locks", "{\"agentId\":-1,\"amount\":5}", "agentId")]
    [InlineData("POST", "/api/v1/locks", "{\"agentId\":1.5,\"amount\":5}", "agentId")]
    [InlineData("POST", "/api/v1/jobs", "{\"clientAgentId\":0,\"providerAgentId\":2,\"amount\":1,\"succeeded\":true}", "clientAgentId")]
    [InlineData("POST", "/api/v1/jobs", "{\"clientAgentId\":1,\"providerAgentId\":-2,\"amount\":1,\"succeeded\":true}", "providerAgentId")]
    [InlineData("POST", "/api/v1/otc/offers", "{\"side\":\"sell\",\"price\":0.02,\"quantity\":10,\"expiresAt\":\"2099-01-01T00:00:00Z\",\"counterpartyId\":0}", "counterpartyId")]
    [InlineData("POST", "/api/v1/burns", "{\"amount\":1e30}", "amount")]
    [InlineData("POST", "/api/v1/burns", "{\"amount\":-1}", "amount")]
    [InlineData("POST", "/api/v1/locks", "{\"agentId\":1,\"amount\":-9223372036854775808}", "amount")]
    [InlineData("POST", "/api/v1/locks/99999999999999999999/unlock", "{\"amount\":1}", "id")]
    [InlineData("POST", "/api/v1/unlocks/1/cancel", null, null)]
    public async Task Numeric_input_at_any_magnitude_answers_400_validation_failed(string method, string path, string? body, string? field)
    {
        var client = await ApiClient.CreateAsync(factory, $"numbers-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 100);
        if (path.Contains("{order}", StringComparison.Ordinal))
        {
            var placed = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10 });
            path = path.Replace("{order}", (await placed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await client.Http.SendAsync(request);

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (field is null)
        {
            // A route with no numeric input but the id: a known-bad id is 404, never a 500.
            Assert.True(response.StatusCode < HttpStatusCode.InternalServerError, $"{method} {path} answered {(int)response.StatusCode}");
            return;
        }
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
        var orders = await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders");
        Assert.All(orders!.Items, o => Assert.Equal((0.02m, 10L), (o.Price!.Value, o.Quantity)));
    }

    [Theory]
    [InlineData("GetRecentTrades", 1e30)]
    [InlineData("GetRecentTrades", -1)]
    [InlineData("GetRecentTrades", 0.5)]
    [InlineData("GetRecentTrades", "NaN")]
    [InlineData("GetCandles", 99999999999d)]
    public async Task Hub_limit_at_any_magnitude_is_refused_with_validation_failed(string method, object limit)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, MarketHub.Path), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            })
            .Build();
        await connection.StartAsync();

        var refusal = await Assert.ThrowsAsync<HubException>(() => method == "GetCandles"
            ? connection.InvokeAsync<JsonElement>(method, "1m", limit)
            : connection.InvokeAsync<JsonElement>(method, limit));

        Assert.Contains("validation_failed", refusal.Message);
        Assert.Equal(HubConnectionState.Connected, connection.State);
        Assert.Empty(await connection.InvokeAsync<List<JsonElement>>("GetRecentTrades", 10));
    }
}
