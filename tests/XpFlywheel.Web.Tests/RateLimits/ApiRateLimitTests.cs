using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.RateLimits;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.RateLimits;

public sealed class ApiRateLimitTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Order_beyond_the_order_budget_is_refused_with_429_and_not_placed()
    {
        _factory.Settings["RateLimits:OrdersPer10Seconds"] = "3";
        var client = await ApiClient.CreateAsync(_factory, "burst@test.local", dollars: 100);

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await PlaceAsync(client)).StatusCode);
        var refused = await PlaceAsync(client);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rate_limited", problem.GetProperty("code").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        var open = await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=open");
        Assert.Equal(3, open!.Total);
    }

    /// <summary>
    /// The order budget counts requests, not accepted orders (README, "Rate limits"): a placement refused as invalid or
    /// by the exchange's rules, and an amend of an order that is not there, spend it as an accepted one does.
    /// </summary>
    [Fact]
    public async Task The_order_budget_counts_refused_placements_and_amends_as_well()
    {
        _factory.Settings["RateLimits:OrdersPer10Seconds"] = "3";
        var client = await ApiClient.CreateAsync(_factory, $"refused-budget-{Guid.NewGuid():N}@test.local", dollars: 100);

        var invalid = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10, foo = 1 });
        var unaffordable = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 100_000_000 });
        var missing = await client.Http.PatchAsJsonAsync("/api/v1/orders/999999", new { quantity = 5 });
        var next = await PlaceAsync(client);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unaffordable.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(["0"], missing.Headers.GetValues(ApiRateLimiter.OrdersRemainingHeader));
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
    }

    /// <summary>An amend spends the order budget as a placement does: a new price re-queues the order and may trade.</summary>
    [Fact]
    public async Task An_amend_spends_the_order_budget_and_one_beyond_it_is_refused_and_changes_nothing()
    {
        _factory.Settings["RateLimits:OrdersPer10Seconds"] = "3";
        var client = await ApiClient.CreateAsync(_factory, "amend-burst@test.local", dollars: 100);
        var placed = await PlaceAsync(client);
        var id = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order").GetProperty("id").GetInt64();

        HttpResponseMessage? last = null;
        var answers = new List<HttpStatusCode>();
        foreach (var price in new[] { 0.0101m, 0.0102m, 0.0103m })
        {
            last = await client.Http.PatchAsJsonAsync($"/api/v1/orders/{id}", new { price });
            answers.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal("rate_limited", (await last!.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal("0", last.Headers.GetValues(ApiRateLimiter.OrdersRemainingHeader).Single());
        Assert.Equal(0.0102m, (await client.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{id}"))!.Price);
    }

    [Fact]
    public async Task Every_api_answer_carries_a_decreasing_remaining_budget()
    {
        var client = await ApiClient.CreateAsync(_factory, "budget@test.local");

        var first = await client.Http.GetAsync("/api/v1/wallet");
        var second = await client.Http.GetAsync("/api/v1/orders");

        Assert.Equal("1200", Header(first, ApiRateLimiter.LimitHeader));
        var before = long.Parse(Header(first, ApiRateLimiter.RemainingHeader), System.Globalization.CultureInfo.InvariantCulture);
        var after = long.Parse(Header(second, ApiRateLimiter.RemainingHeader), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(after, 0, before - 1);
        Assert.NotNull(Header(second, ApiRateLimiter.ResetHeader));
    }

    /// <summary>
    /// The API's own refusals of a request's form (a malformed Idempotency-Key, a compressed body, a body over the size
    /// limit) are counted like every other request and say where the caller stands: a flood of them spends the budget
    /// and meets 429, instead of passing beside the limit.
    /// </summary>
    [Fact]
    public async Task A_refusal_of_the_requests_form_is_counted_and_carries_the_budget()
    {
        _factory.Settings["RateLimits:ApiWeightPerMinute"] = "4";
        var client = await ApiClient.CreateAsync(_factory, "form-refusals@test.local");
        HttpRequestMessage BadKey()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/burns") { Content = JsonContent.Create(new { amount = 1 }) };
            request.Headers.TryAddWithoutValidation(ApiIdempotency.Header, "has space");
            return request;
        }
        HttpRequestMessage Compressed()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/burns") { Content = new ByteArrayContent([0x1f, 0x8b, 0, 0]) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Content.Headers.ContentEncoding.Add("gzip");
            return request;
        }
        HttpRequestMessage TooLarge() =>
            new(HttpMethod.Post, "/api/v1/burns") { Content = new StringContent(new string(' ', 70_000) + "{}", System.Text.Encoding.UTF8, "application/json") };

        var answers = new List<(HttpStatusCode Status, string? Remaining)>();
        foreach (var request in new[] { BadKey(), Compressed(), TooLarge(), BadKey(), Compressed() })
        {
            var response = await client.Http.SendAsync(request);
            answers.Add((response.StatusCode, response.Headers.TryGetValues(ApiRateLimiter.RemainingHeader, out var values) ? values.Single() : null));
        }

        Assert.Equal(
            [(HttpStatusCode.BadRequest, "3"), (HttpStatusCode.UnsupportedMediaType, "2"), (HttpStatusCode.RequestEntityTooLarge, "1"),
                (HttpStatusCode.BadRequest, "0"), (HttpStatusCode.TooManyRequests, "0")],
            answers);
    }

    [Fact]
    public async Task One_keys_burst_does_not_limit_another_key()
    {
        _factory.Settings["RateLimits:ApiWeightPerMinute"] = "5";
        var noisy = await ApiClient.CreateAsync(_factory, "noisy@test.local");
        var quiet = await ApiClient.CreateAsync(_factory, "quiet@test.local");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
            answers.Add((await noisy.Http.GetAsync("/api/v1/wallet")).StatusCode);

        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
        Assert.Equal(HttpStatusCode.OK, (await quiet.Http.GetAsync("/api/v1/wallet")).StatusCode);
    }

    [Fact]
    public async Task Requests_with_unknown_keys_spend_the_addresss_budget()
    {
        _factory.Settings["RateLimits:ApiWeightPerMinute"] = "5";
        using var http = _factory.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/wallet");
            request.Headers.Add("X-Api-Key", $"xpf_{Guid.NewGuid():N}{Guid.NewGuid():N}");
            answers.Add((await http.SendAsync(request)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, answers[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
    }

    [Fact]
    public async Task Cancelling_all_orders_costs_more_weight_than_reading_the_wallet()
    {
        var client = await ApiClient.CreateAsync(_factory, "weights@test.local");

        var wallet = await client.Http.GetAsync("/api/v1/wallet");
        var cancelAll = await client.Http.DeleteAsync("/api/v1/orders");
        var next = await client.Http.GetAsync("/api/v1/wallet");

        var spentByCancelAll = Remaining(wallet) - Remaining(cancelAll);
        var spentByWallet = Remaining(cancelAll) - Remaining(next);
        Assert.True(spentByCancelAll > spentByWallet, $"cancel-all spent {spentByCancelAll}, wallet {spentByWallet}");
    }

    private static Task<HttpResponseMessage> PlaceAsync(ApiClient client) =>
        client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 100 });

    private static long Remaining(HttpResponseMessage response) =>
        long.Parse(Header(response, ApiRateLimiter.RemainingHeader), System.Globalization.CultureInfo.InvariantCulture);

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"No {name} header.");
}
