using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>
/// Every state-changing API request honours an Idempotency-Key: a repeat returns the first outcome and changes
/// nothing, a reuse for another request is refused, a refusal does not use the key up, and keys outlive restarts.
/// </summary>
public sealed class IdempotencyTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_repeated_burn_with_the_same_idempotency_key_burns_once_and_returns_the_first_receipt()
    {
        var client = await BurnerAsync("idem-burn@test.local");

        var first = await PostAsync(client, "/api/v1/burns", new { amount = 1_000 }, "burn-1");
        var second = await PostAsync(client, "/api/v1/burns", new { amount = 1_000 }, "burn-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<BurnReceipt>();
        var b = await second.Content.ReadFromJsonAsync<BurnReceipt>();
        Assert.Equal(a, b);
        Assert.Equal(49_000, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
        await using var db = await Db();
        Assert.Equal(1, await db.Burns.CountAsync(b => b.OperatorId == client.OperatorId));
    }

    [Fact]
    public async Task Without_a_key_every_burn_applies()
    {
        var client = await BurnerAsync("idem-nokey@test.local");
        await PostAsync(client, "/api/v1/burns", new { amount = 1_000 }, key: null);
        await PostAsync(client, "/api/v1/burns", new { amount = 1_000 }, key: null);
        Assert.Equal(48_000, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_a_different_request_is_refused_and_changes_nothing()
    {
        var client = await BurnerAsync("idem-reuse@test.local");
        await PostAsync(client, "/api/v1/burns", new { amount = 1_000 }, "k");

        var reused = await PostAsync(client, "/api/v1/burns", new { amount = 2_000 }, "k");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("idempotency_key_reused", (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(49_000, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
    }

    [Fact]
    public async Task A_refused_command_does_not_consume_its_idempotency_key()
    {
        var client = await BurnerAsync("idem-refused@test.local");

        var refused = await PostAsync(client, "/api/v1/burns", new { amount = 60_000 }, "big");
        await Operators.FundAsync(_factory.Services, client.OperatorId, 0, 20_000);
        var accepted = await PostAsync(client, "/api/v1/burns", new { amount = 60_000 }, "big");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(10_000, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
    }

    [Fact]
    public async Task Keys_are_scoped_to_their_operator()
    {
        var one = await BurnerAsync("idem-one@test.local");
        var two = await BurnerAsync("idem-two@test.local");
        await PostAsync(one, "/api/v1/burns", new { amount = 1_000 }, "shared");
        var other = await PostAsync(two, "/api/v1/burns", new { amount = 3_000 }, "shared");
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(47_000, (await two.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
    }

    [Fact]
    public async Task Jobs_locks_agents_and_order_changes_are_idempotent_by_key()
    {
        var client = await BurnerAsync("idem-all@test.local", dollars: 100);
        var seller = await ApiClient.CreateAsync(_factory, "idem-seller@test.local");
        var provider = (await (await PostAsync(seller, "/api/v1/agents", new { name = "Worker" }, "agent-1")).Content.ReadFromJsonAsync<AgentDto>())!;
        var again = (await (await PostAsync(seller, "/api/v1/agents", new { name = "Worker" }, "agent-1")).Content.ReadFromJsonAsync<AgentDto>())!;
        Assert.Equal(provider.Id, again.Id);
        var mine = (await client.Http.GetFromJsonAsync<List<AgentDto>>("/api/v1/agents"))![0];

        var job = new { clientAgentId = mine.Id, providerAgentId = provider.Id, amount = 10m, succeeded = true };
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, "/api/v1/jobs", job, "job-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, "/api/v1/jobs", job, "job-1")).StatusCode);
        Assert.Equal(90m, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.CashAvailable);

        var locked = new { agentId = mine.Id, amount = 500 };
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, "/api/v1/locks", locked, "lock-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, "/api/v1/locks", locked, "lock-1")).StatusCode);
        Assert.Equal(49_500, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);

        var order = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", type = "limit", price = 0.0200m, quantity = 100 });
        var orderId = (await order.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order").GetProperty("id").GetInt64();
        var amend = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/orders/{orderId}") { Content = JsonContent.Create(new { quantity = 40 }) };
        amend.Headers.Add(ApiIdempotency.Header, "amend-1");
        Assert.Equal(HttpStatusCode.OK, (await client.Http.SendAsync(amend)).StatusCode);
        var cancel = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/orders/{orderId}");
        cancel.Headers.Add(ApiIdempotency.Header, "cancel-1");
        Assert.Equal(HttpStatusCode.OK, (await client.Http.SendAsync(cancel)).StatusCode);
        var cancelAgain = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/orders/{orderId}");
        cancelAgain.Headers.Add(ApiIdempotency.Header, "cancel-1");
        Assert.Equal(HttpStatusCode.OK, (await client.Http.SendAsync(cancelAgain)).StatusCode);
    }

    /// <summary>
    /// A repeated amend or cancel changes nothing and says so: it answers the first answer's order (a later amend is
    /// not in it) with <c>Idempotent-Replayed: true</c>, which a first answer never carries.
    /// </summary>
    [Fact]
    public async Task A_repeated_amend_or_cancel_is_marked_as_replayed()
    {
        var client = await BurnerAsync("idem-replayed@test.local");
        var order = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", type = "limit", price = 0.0200m, quantity = 100 });
        var orderId = OrderIdOf(await order.Content.ReadFromJsonAsync<JsonElement>());
        Assert.False(order.Headers.Contains(ApiIdempotency.ReplayedHeader));

        async Task<HttpResponseMessage> AmendAsync(int quantity, string key)
        {
            var amend = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/orders/{orderId}") { Content = JsonContent.Create(new { quantity }) };
            amend.Headers.Add(ApiIdempotency.Header, key);
            return await client.Http.SendAsync(amend);
        }
        async Task<HttpResponseMessage> CancelAsync()
        {
            var cancel = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/orders/{orderId}");
            cancel.Headers.Add(ApiIdempotency.Header, "replayed-cancel");
            return await client.Http.SendAsync(cancel);
        }
        static string? Replayed(HttpResponseMessage response) =>
            response.Headers.TryGetValues(ApiIdempotency.ReplayedHeader, out var values) ? values.Single() : null;

        var first = await AmendAsync(60, "replayed-60");
        var second = await AmendAsync(50, "replayed-50");
        var repeat = await AmendAsync(60, "replayed-60");

        Assert.Equal((HttpStatusCode.OK, null), (first.StatusCode, Replayed(first)));
        Assert.Equal((HttpStatusCode.OK, null), (second.StatusCode, Replayed(second)));
        Assert.Equal((HttpStatusCode.OK, "true"), (repeat.StatusCode, Replayed(repeat)));
        Assert.Equal(60, (await repeat.Content.ReadFromJsonAsync<OrderDto>())!.Quantity);
        var cancelled = await CancelAsync();
        var cancelledAgain = await CancelAsync();
        Assert.Equal((HttpStatusCode.OK, null), (cancelled.StatusCode, Replayed(cancelled)));
        Assert.Equal((HttpStatusCode.OK, "true"), (cancelledAgain.StatusCode, Replayed(cancelledAgain)));
    }

    /// <summary>
    /// A repeated amend returns the first outcome: the order as that amend left it (its limit, size, fills, quote, fees,
    /// status and update time), byte for byte the first answer, never the order as later fills and amends made it,
    /// and still so after a restart (the outcome is kept with the key in the journal). GET reads the order as it is now.
    /// </summary>
    [Fact]
    public async Task A_repeated_amend_answers_the_order_as_the_amend_left_it_not_as_it_is_now()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        string firstRests, firstTrades, firstSame;
        long restingId, tradingId, sameId;
        ApiClient seller;
        await using (var factory = new AppFactory { Folder = folder })
        {
            seller = await ApiClient.CreateAsync(factory, "idem-amend-seller@test.local", xp: 50_000);
            var buyer = await ApiClient.CreateAsync(factory, "idem-amend-buyer@test.local", dollars: 1_000);
            await factory.Services.GetRequiredService<Web.Exchange.ExchangeHost>().ExecuteAsync(s => s.Engine.SetReferencePrice(new Core.Primitives.Price(200)));

            // An amend that only rests, then a fill and another amend after it.
            restingId = OrderIdOf(await (await seller.Http.PostAsJsonAsync("/api/v1/orders",
                new { side = "sell", type = "limit", price = 0.0200m, quantity = 100 })).Content.ReadFromJsonAsync<JsonElement>());
            var rests = await AmendAsync(seller, restingId, new { quantity = 60 }, "as-left-rests");
            Assert.Equal(HttpStatusCode.OK, rests.StatusCode);
            firstRests = await rests.Content.ReadAsStringAsync();
            await AssertAsGetReadsItAsync(firstRests, restingId);
            Assert.Equal(HttpStatusCode.Created, (await buyer.Http.PostAsJsonAsync("/api/v1/orders",
                new { side = "buy", type = "limit", price = 0.0200m, quantity = 25, timeInForce = "ioc" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await AmendAsync(seller, restingId, new { price = 0.0205m }, "as-left-later")).StatusCode);

            // An amend that trades as a taker, then a fill that ends the order.
            Assert.Equal(HttpStatusCode.Created, (await buyer.Http.PostAsJsonAsync("/api/v1/orders",
                new { side = "buy", type = "limit", price = 0.0190m, quantity = 30 })).StatusCode);
            tradingId = OrderIdOf(await (await seller.Http.PostAsJsonAsync("/api/v1/orders",
                new { side = "sell", type = "limit", price = 0.0210m, quantity = 50 })).Content.ReadFromJsonAsync<JsonElement>());
            var trades = await AmendAsync(seller, tradingId, new { price = 0.0190m }, "as-left-trades");
            Assert.Equal(HttpStatusCode.OK, trades.StatusCode);
            firstTrades = await trades.Content.ReadAsStringAsync();
            await AssertAsGetReadsItAsync(firstTrades, tradingId);
            var traded = JsonSerializer.Deserialize<JsonElement>(firstTrades);
            Assert.Equal(("partially_filled", 30L, 20L, 0.019m), (traded.GetProperty("status").GetString(), traded.GetProperty("filled").GetInt64(),
                traded.GetProperty("remaining").GetInt64(), traded.GetProperty("averagePrice").GetDecimal()));
            Assert.Single(traded.GetProperty("fills").EnumerateArray());
            Assert.Equal(HttpStatusCode.Created, (await buyer.Http.PostAsJsonAsync("/api/v1/orders",
                new { side = "buy", type = "limit", price = 0.0190m, quantity = 20, timeInForce = "ioc" })).StatusCode);

            // An amend that changes nothing keeps the order's update time, then a fill changes it.
            sameId = OrderIdOf(await (await seller.Http.PostAsJsonAsync("/api/v1/orders",
                new { side = "sell", type = "limit", price = 0.0202m, quantity = 50 })).Content.ReadFromJsonAsync<JsonElement>());
            var same = await AmendAsync(seller, sameId, new { quantity = 50 }, "as-left-same");
            Assert.Equal(HttpStatusCode.OK, same.StatusCode);
            firstSame = await same.Content.ReadAsStringAsync();
            await AssertAsGetReadsItAsync(firstSame, sameId);
            Assert.Equal(HttpStatusCode.Created, (await buyer.Http.PostAsJsonAsync("/api/v1/orders",
                new { side = "buy", type = "limit", price = 0.0202m, quantity = 10, timeInForce = "ioc" })).StatusCode);

            await AssertRepeatsAsync(seller);
        }
        await using var restarted = new AppFactory { Folder = folder };
        var http = restarted.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", seller.Key);
        seller = new ApiClient(seller.OperatorId, seller.Key, http);
        await AssertRepeatsAsync(seller);
        // The restarted writer knows when each open order last changed: a new amend that changes nothing answers it.
        var sameAfterRestart = await AmendAsync(seller, sameId, new { quantity = 40 }, "as-left-same-restarted");
        Assert.Equal(HttpStatusCode.OK, sameAfterRestart.StatusCode);
        await AssertAsGetReadsItAsync(await sameAfterRestart.Content.ReadAsStringAsync(), sameId);

        // Nothing happened since the amend: its answer's order is exactly what GET reads.
        async Task AssertAsGetReadsItAsync(string answer, long orderId) =>
            Assert.Equal(await seller.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{orderId}"), JsonSerializer.Deserialize<OrderDto>(answer, JsonSerializerOptions.Web));

        async Task AssertRepeatsAsync(ApiClient client)
        {
            var rests = await AmendAsync(client, restingId, new { quantity = 60 }, "as-left-rests");
            Assert.Equal((HttpStatusCode.OK, true), (rests.StatusCode, rests.Headers.Contains(ApiIdempotency.ReplayedHeader)));
            Assert.Equal(firstRests, await rests.Content.ReadAsStringAsync());
            var trades = await AmendAsync(client, tradingId, new { price = 0.0190m }, "as-left-trades");
            Assert.Equal((HttpStatusCode.OK, true), (trades.StatusCode, trades.Headers.Contains(ApiIdempotency.ReplayedHeader)));
            Assert.Equal(firstTrades, await trades.Content.ReadAsStringAsync());
            var same = await AmendAsync(client, sameId, new { quantity = 50 }, "as-left-same");
            Assert.Equal((HttpStatusCode.OK, true), (same.StatusCode, same.Headers.Contains(ApiIdempotency.ReplayedHeader)));
            Assert.Equal(firstSame, await same.Content.ReadAsStringAsync());

            var now = (await client.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{restingId}"))!;
            Assert.Equal((0.0205m, 25L, 35L, "partially_filled"), (now.Price!.Value, now.Filled, now.Remaining, now.Status));
            Assert.Equal("filled", (await client.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{tradingId}"))!.Status);
        }
    }

    private static Task<HttpResponseMessage> AmendAsync(ApiClient client, long orderId, object body, string key)
    {
        var amend = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/orders/{orderId}") { Content = JsonContent.Create(body) };
        amend.Headers.Add(ApiIdempotency.Header, key);
        return client.Http.SendAsync(amend);
    }

    /// <summary>
    /// Every keyed change, not only orders, tells a replay by <c>Idempotent-Replayed: true</c>: the status and body are
    /// the first answer's (a repeated burn is 201 with the first receipt), so the header is how a client knows
    /// nothing was applied again.
    /// </summary>
    [Fact]
    public async Task A_repeated_economy_or_otc_change_is_marked_as_replayed()
    {
        var client = await BurnerAsync("idem-replayed-economy@test.local", dollars: 100);
        var agent = (await client.Http.GetFromJsonAsync<List<AgentDto>>("/api/v1/agents"))![0];
        await _factory.Services.GetRequiredService<Web.Exchange.ExchangeHost>().ExecuteAsync(s => s.Engine.SetReferencePrice(new Core.Primitives.Price(200)));
        var offer = new { side = "sell", price = 0.0210m, quantity = 100, expiresAt = DateTime.UtcNow.AddDays(1) };
        (string Path, object Body)[] changes =
        [
            ("/api/v1/burns", new { amount = 1_000 }),
            ("/api/v1/agents", new { name = "Second" }),
            ("/api/v1/locks", new { agentId = agent.Id, amount = 500 }),
            ("/api/v1/otc/offers", offer),
        ];
        static string? Replayed(HttpResponseMessage response) =>
            response.Headers.TryGetValues(ApiIdempotency.ReplayedHeader, out var values) ? values.Single() : null;

        foreach (var (path, body) in changes)
        {
            var first = await PostAsync(client, path, body, $"replay{path}");
            var repeat = await PostAsync(client, path, body, $"replay{path}");

            Assert.True(first.StatusCode == HttpStatusCode.Created, $"{path}: {await first.Content.ReadAsStringAsync()}");
            Assert.Null(Replayed(first));
            Assert.Equal((HttpStatusCode.Created, "true"), (repeat.StatusCode, Replayed(repeat)));
            Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        }
        var fresh = await PostAsync(client, "/api/v1/burns", new { amount = 1_000 }, "replay-other");
        Assert.Null(Replayed(fresh));
        Assert.Equal(50_000 - 2_000 - 500 - 100, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
    }

    [Fact]
    public async Task An_order_placed_again_with_the_same_idempotency_key_is_placed_once()
    {
        var client = await BurnerAsync("idem-order@test.local");
        var body = new { side = "sell", type = "limit", price = 0.0200m, quantity = 100 };

        var first = await PostAsync(client, "/api/v1/orders", body, "place-1");
        var second = await PostAsync(client, "/api/v1/orders", body, "place-1");
        var other = await PostAsync(client, "/api/v1/orders", new { side = "sell", type = "limit", price = 0.0201m, quantity = 100 }, "place-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True(second.IsSuccessStatusCode);
        Assert.Equal(OrderIdOf(await first.Content.ReadFromJsonAsync<JsonElement>()), OrderIdOf(await second.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("idempotency_key_reused", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await using var db = await Db();
        Assert.Equal(1, await db.Orders.CountAsync(o => o.OperatorId == client.OperatorId));
        Assert.Equal(49_900, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
    }

    [Fact]
    public async Task A_placement_repeated_under_its_idempotency_key_is_answered_as_a_repeat_like_a_client_order_id()
    {
        var client = await BurnerAsync("idem-order-repeat@test.local");
        var body = new { side = "sell", type = "limit", price = 0.0200m, quantity = 100 };

        var first = await PostAsync(client, "/api/v1/orders", body, "place-repeat");
        var second = await PostAsync(client, "/api/v1/orders", body, "place-repeat");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var placed = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(placed.GetProperty("repeat").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var repeat = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(repeat.GetProperty("repeat").GetBoolean());
        Assert.Equal(OrderIdOf(placed), OrderIdOf(repeat));
    }

    [Fact]
    public async Task A_refused_placement_does_not_use_up_its_client_order_id()
    {
        var client = await BurnerAsync("idem-coid@test.local");

        var refused = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", type = "limit", price = 0.0200m, quantity = 60_000, clientOrderId = "co-1" });
        var placed = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", type = "limit", price = 0.0200m, quantity = 100, clientOrderId = "co-1" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var found = await client.Http.GetAsync("/api/v1/orders/by-client-id/co-1");
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(OrderIdOf(await placed.Content.ReadFromJsonAsync<JsonElement>()),
            (await found.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
    }

    private static long OrderIdOf(JsonElement placement) => placement.GetProperty("order").GetProperty("id").GetInt64();

    [Theory]
    [InlineData("has space")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task A_malformed_idempotency_key_is_a_400_and_changes_nothing(string key)
    {
        var client = await BurnerAsync($"idem-bad-{key.Length}@test.local");
        var response = await PostAsync(client, "/api/v1/burns", new { amount = 1_000 }, key);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_idempotency_key", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(50_000, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
    }

    /// <summary>
    /// The key is judged only where an API endpoint takes the request: an address the API does not have is 404, and a
    /// method it does not take there is 405, whatever the key looks like.
    /// </summary>
    [Theory]
    [InlineData("POST", "/api/v1/nonexistent", HttpStatusCode.NotFound, "not_found")]
    [InlineData("PUT", "/api/v1/burns", HttpStatusCode.MethodNotAllowed, "method_not_allowed")]
    public async Task A_malformed_idempotency_key_at_an_address_or_method_the_api_does_not_have_is_404_or_405(string method, string path,
        HttpStatusCode status, string code)
    {
        var client = await BurnerAsync($"idem-nowhere-{method}@test.local");
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { amount = 1_000 }) };
        request.Headers.TryAddWithoutValidation(ApiIdempotency.Header, "has space");

        var response = await client.Http.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    /// <summary>The OpenAPI document declares the key's form as the server judges it: what its pattern refuses is refused.</summary>
    [Fact]
    public async Task The_idempotency_key_form_the_openapi_document_declares_is_the_one_the_server_takes()
    {
        var client = await BurnerAsync("idem-form@test.local");
        var document = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var parameter = document.GetProperty("paths").GetProperty("/api/v1/burns").GetProperty("post").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == ApiIdempotency.Header);
        var pattern = new System.Text.RegularExpressions.Regex(parameter.GetProperty("schema").GetProperty("pattern").GetString()!);

        foreach (var key in new[] { "has space", "tab\tkey", new string('k', 65), "ok-key_1:~!", new string('k', 64) })
        {
            var response = await PostAsync(client, "/api/v1/burns", new { amount = 1 }, key);
            Assert.True(pattern.IsMatch(key) == (response.StatusCode == HttpStatusCode.Created), $"{key}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Every_applied_command_is_journaled_once_in_sequence_order()
    {
        var client = await BurnerAsync("idem-journal@test.local");
        await PostAsync(client, "/api/v1/burns", new { amount = 1_000 }, "j");
        await PostAsync(client, "/api/v1/burns", new { amount = 1_000 }, "j");

        await using var db = await Db();
        var rows = await db.Journal.OrderBy(j => j.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.All(rows, row => Assert.Equal(row.Sequence, CommandJson.Deserialize(row.Command).Sequence));
        var burn = Assert.Single(rows, r => r.Type == "xp.burn");
        Assert.Equal(new BurnXp(client.OperatorId, 1_000) { By = Actor.Operator(client.OperatorId) }.Terms(), CommandJson.Deserialize(burn.Command).Terms());
        Assert.Equal("j", burn.IdempotencyKey);
    }

    [Fact]
    public async Task Idempotency_keys_survive_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        long operatorId;
        string secret;
        await using (var first = new AppFactory { Folder = folder })
        {
            var client = await ApiClient.CreateAsync(first, "idem-restart@test.local", xp: 50_000);
            await PostAsync(client, "/api/v1/agents", new { name = "Burner" }, null);
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, "/api/v1/burns", new { amount = 1_000 }, "r")).StatusCode);
            (operatorId, secret) = (client.OperatorId, client.Key);
        }
        await using var second = new AppFactory { Folder = folder };
        var http = second.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", secret);
        var again = new ApiClient(operatorId, secret, http);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(again, "/api/v1/burns", new { amount = 1_000 }, "r")).StatusCode);
        Assert.Equal(49_000, (await http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
    }

    [Fact]
    public async Task An_idempotency_key_expires_after_its_retention()
    {
        using var factory = new AppFactory { Settings = { ["Exchange:IdempotencyRetention"] = "00:00:01" } };
        var client = await ApiClient.CreateAsync(factory, "idem-expiry@test.local", xp: 50_000);
        await PostAsync(client, "/api/v1/agents", new { name = "Burner" }, null);
        await PostAsync(client, "/api/v1/burns", new { amount = 1_000 }, "e");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await PostAsync(client, "/api/v1/burns", new { amount = 1_000 }, "e");
        Assert.Equal(48_000, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
    }

    [Fact]
    public async Task A_double_submitted_form_applies_once_even_when_both_land_in_one_batch()
    {
        var client = await BurnerAsync("idem-double@test.local");
        var burns = _factory.Services.GetRequiredService<BurnService>();
        var trading = _factory.Services.GetRequiredService<Web.Exchange.TradingService>();
        var key = new Web.Components.Shared.FormKey();

        var clicks = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => burns.BurnAsync(client.OperatorId, 700, idempotencyKey: key.Value)));
        var orders = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => trading.PlaceAsync(client.OperatorId,
            new Web.Exchange.PlaceOrderRequest(Core.Matching.Side.Sell, Core.Matching.OrderType.Limit, 0.0500m, 10), idempotencyKey: "order-form")));

        Assert.All(clicks, c => Assert.Equal(clicks[0].Value, c.Value));
        Assert.Single(orders.Select(o => o.Outcome!.OrderId).Distinct());
        Assert.Equal(50_000 - 700 - 10, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
        key.Renew();
        Assert.True((await burns.BurnAsync(client.OperatorId, 700, idempotencyKey: key.Value)).Succeeded);
        Assert.Equal(50_000 - 1_400 - 10, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
    }

    [Fact]
    public async Task A_repeat_answered_within_a_batch_that_rolls_back_is_worked_out_again_and_applies_once()
    {
        var client = await BurnerAsync("idem-rollback@test.local");
        var host = _factory.Services.GetRequiredService<Web.Exchange.ExchangeHost>();
        var burns = _factory.Services.GetRequiredService<BurnService>();

        // Hold the writer so the next three requests are drained into one batch: a keyed burn, its repeat, and a unit
        // of work that throws and rolls that batch back.
        var gate = host.ExecuteAsync(_ => { Thread.Sleep(400); return 0; });
        var first = burns.BurnAsync(client.OperatorId, 900, idempotencyKey: "in-batch");
        var repeat = burns.BurnAsync(client.OperatorId, 900, idempotencyKey: "in-batch");
        var failing = host.ExecuteAsync<int>(_ => throw new InvalidOperationException("failing on purpose"));
        await gate;

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal((await first).Value, (await repeat).Value);
        Assert.Equal(50_000 - 900, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
        await using var db = await Db();
        Assert.Equal(1, await db.Burns.CountAsync(b => b.OperatorId == client.OperatorId));
        Assert.Equal(1, await db.Journal.CountAsync(j => j.IdempotencyKey == "in-batch"));
    }

    private async Task<ApiClient> BurnerAsync(string email, decimal dollars = 0)
    {
        var client = await ApiClient.CreateAsync(_factory, email, dollars, xp: 50_000);
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/agents", new { name = "Burner" })).StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> PostAsync(ApiClient client, string path, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
            request.Headers.TryAddWithoutValidation(ApiIdempotency.Header, key);
        return client.Http.SendAsync(request);
    }

    private Task<AppDbContext> Db() => _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
}
