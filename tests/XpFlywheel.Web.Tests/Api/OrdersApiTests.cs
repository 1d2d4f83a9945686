using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Wallets;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

public sealed class OrdersApiTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Request_without_a_key_gets_401_problem_details()
    {
        var response = await _factory.CreateClient().GetAsync("/api/v1/orders");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("missing_api_key", problem.GetProperty("code").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    /// <summary>Every 401 names how to authenticate (RFC 9110 §11.6.1): the ApiKey scheme in the X-Api-Key header.</summary>
    [Fact]
    public async Task Every_401_carries_a_www_authenticate_challenge()
    {
        var http = _factory.CreateClient();
        var unknown = new HttpRequestMessage(HttpMethod.Get, "/api/v1/wallet");
        unknown.Headers.Add("X-Api-Key", "xpf_" + new string('0', 64));

        foreach (var response in new[] { await http.GetAsync("/api/v1/orders"), await http.SendAsync(unknown), await http.GetAsync("/hubs/user") })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("ApiKey header=\"X-Api-Key\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        }
    }

    /// <summary>Two keys in one request (two headers, or one joined with a comma) are refused as two keys, even when one of them is good.</summary>
    [Fact]
    public async Task Two_api_keys_in_one_request_are_refused_as_such()
    {
        var client = await ApiClient.CreateAsync(_factory, $"two-keys-{Guid.NewGuid():N}@test.local");
        var key = client.Http.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
        var http = _factory.CreateClient();
        foreach (var headers in new[] { new[] { key, key }, new[] { key + "," + key }, new[] { key, "xpf_0000" } })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/wallet");
            request.Headers.TryAddWithoutValidation("X-Api-Key", headers);
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("exactly one", (await ProblemAsync(response)).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Unknown_and_revoked_keys_get_401()
    {
        var client = await ApiClient.CreateAsync(_factory, "revoked@test.local");
        var stranger = _factory.CreateClient();
        stranger.DefaultRequestHeaders.Add("X-Api-Key", "xpf_0000");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/v1/wallet")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/wallet")).StatusCode);
        var keys = _factory.Services.GetRequiredService<ApiKeyService>();
        var id = (await keys.ListAsync(client.OperatorId)).Single().Id;
        await keys.RevokeAsync(client.OperatorId, id);

        var response = await client.Http.GetAsync("/api/v1/wallet");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await ProblemAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Placed_order_is_created_listed_amended_and_cancelled()
    {
        var client = await ApiClient.CreateAsync(_factory, "api-trader@test.local", dollars: 100);

        var placed = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 1_000 });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = (await placed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!;
        Assert.Equal("open", order.Status);

        var open = await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=open");
        Assert.Equal(order.Id, Assert.Single(open!.Items).Id);

        var amended = await client.Http.PatchAsJsonAsync($"/api/v1/orders/{order.Id}", new { quantity = 400 });
        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        Assert.Equal(400, (await amended.Content.ReadFromJsonAsync<OrderDto>())!.Remaining);

        var cancelled = await client.Http.DeleteAsync($"/api/v1/orders/{order.Id}");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<OrderDto>())!.Status);
        var wallet = await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet");
        Assert.Equal(100m, wallet!.CashAvailable);
        Assert.Equal(0m, wallet.CashHeld);
    }

    /// <summary>
    /// An amend that crosses trades at once, as a new taker; its answer says what it did, as a placement's does: the
    /// fills it made and the caller's own orders it cancelled under self-trade prevention, beside the order's fields.
    /// </summary>
    [Fact]
    public async Task Amend_answer_carries_the_fills_it_made_and_the_own_orders_it_cancelled()
    {
        var maker = await ApiClient.CreateAsync(_factory, "api-amend-maker@test.local", xp: 1_000);
        var me = await ApiClient.CreateAsync(_factory, "api-amend-taker@test.local", dollars: 100, xp: 1_000);
        await maker.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0190m, quantity = 60 });
        var ownAsk = (await (await me.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0195m, quantity = 10 }))
            .Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!;
        var bid = (await (await me.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0180m, quantity = 100 }))
            .Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!;

        var quiet = await me.Http.PatchAsJsonAsync($"/api/v1/orders/{bid.Id}", new { quantity = 100, price = 0.0185m });
        var rested = await quiet.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, rested.GetProperty("fills").GetArrayLength());
        Assert.Equal(0, rested.GetProperty("cancelled").GetArrayLength());

        var crossing = await me.Http.PatchAsJsonAsync($"/api/v1/orders/{bid.Id}", new { price = 0.0195m });

        Assert.Equal(HttpStatusCode.OK, crossing.StatusCode);
        var body = await crossing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(bid.Id, body.GetProperty("id").GetInt64());
        Assert.Equal(0.0195m, body.GetProperty("price").GetDecimal());
        Assert.Equal(60, body.GetProperty("filled").GetInt64());
        Assert.Equal(40, body.GetProperty("remaining").GetInt64());
        var fill = Assert.Single(body.GetProperty("fills").EnumerateArray());
        Assert.Equal(0.0190m, fill.GetProperty("price").GetDecimal());
        Assert.Equal(60, fill.GetProperty("quantity").GetInt64());
        Assert.Equal(bid.Id, fill.GetProperty("takerOrderId").GetInt64());
        var cancelled = Assert.Single(body.GetProperty("cancelled").EnumerateArray());
        Assert.Equal(ownAsk.Id, cancelled.GetProperty("orderId").GetInt64());
        Assert.Equal(10, cancelled.GetProperty("remaining").GetInt64());
        Assert.Equal("self_trade_prevention", cancelled.GetProperty("reason").GetString());
    }

    /// <summary>
    /// An amended order that trades and is then cancelled by self-trade prevention (cancel incoming, cancel both) keeps
    /// a record that agrees with its trades and its amend: filled, average price, quote and fees from its fills, and
    /// its quantity the amended size (what filled plus what was open when it was cancelled).
    /// </summary>
    [Theory]
    [InlineData(XpFlywheel.Core.Matching.SelfTradePrevention.CancelIncoming)]
    [InlineData(XpFlywheel.Core.Matching.SelfTradePrevention.CancelBoth)]
    public async Task Amended_order_cancelled_by_self_trade_prevention_keeps_its_fills_and_amended_size(XpFlywheel.Core.Matching.SelfTradePrevention mode)
    {
        var host = _factory.Services.GetRequiredService<XpFlywheel.Web.Exchange.ExchangeHost>();
        await host.SubmitAsync<XpFlywheel.Core.Economy.Validated<XpFlywheel.Web.Parameters.ParameterSet>>(
            new XpFlywheel.Core.Commands.SetMarketParameters(new XpFlywheel.Core.Matching.MarketParameters(SelfTradePrevention: mode))
            {
                By = XpFlywheel.Core.Commands.Actor.Admin(AppFactory.AdminEmail),
            });
        var other = await ApiClient.CreateAsync(_factory, "api-stp-other@test.local", xp: 1_000);
        var me = await ApiClient.CreateAsync(_factory, "api-stp-me@test.local", dollars: 100, xp: 1_000);
        await other.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0199m, quantity = 20 });
        await me.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0199m, quantity = 30 });
        var bid = (await (await me.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0193m, quantity = 50 }))
            .Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!;

        var amended = await me.Http.PatchAsJsonAsync($"/api/v1/orders/{bid.Id}", new { price = 0.0199m, quantity = 25 });

        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        var answer = await amended.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20, Assert.Single(answer.GetProperty("fills").EnumerateArray()).GetProperty("quantity").GetInt64());
        var record = (await me.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{bid.Id}"))!;
        Assert.Equal(("cancelled", "self_trade_prevention"), (record.Status, record.CancelReason));
        Assert.Equal((25L, 20L, 0L), (record.Quantity, record.Filled, record.Remaining));
        Assert.Equal(0.0199m, record.Price);
        Assert.Equal(0.0199m, record.AveragePrice);
        Assert.Equal(0.398m, record.CumulativeQuote);
        var trades = await me.Http.GetFromJsonAsync<PageOf<MyTradeDto>>("/api/v1/trades/mine");
        var trade = Assert.Single(trades!.Items, t => t.OrderId == bid.Id);
        Assert.Equal(record.FeesPaid, trade.Fee);
        Assert.Equal(record.Filled, trade.Quantity);
        // The amend's answer is the order as the amend left it: with nothing after it, what GET reads.
        Assert.Equal(record, answer.Deserialize<OrderDto>(JsonSerializerOptions.Web));
    }

    /// <summary>An amend to the price and quantity the order already has is accepted and changes nothing: not its update time, its postings, nor its place in the book.</summary>
    [Fact]
    public async Task An_amend_that_changes_nothing_leaves_the_order_and_the_book_as_they_were()
    {
        var client = await ApiClient.CreateAsync(_factory, "api-same-amend@test.local", dollars: 100);
        var placed = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0150m, quantity = 300 });
        var order = (await placed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!;
        var book = await client.Http.GetFromJsonAsync<JsonElement>("/api/v1/market/book");
        var postings = (await client.Http.GetFromJsonAsync<JsonElement>("/api/v1/wallet/postings")).GetProperty("total").GetInt32();
        await Task.Delay(20);

        foreach (var body in new object[] { new { quantity = 300 }, new { price = 0.0150m }, new { quantity = 300, price = 0.0150m } })
        {
            var amended = await client.Http.PatchAsJsonAsync($"/api/v1/orders/{order.Id}", body);
            Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
            var after = (await amended.Content.ReadFromJsonAsync<OrderDto>())!;
            Assert.Equal(order.UpdatedAt, after.UpdatedAt);
            Assert.Equal(300, after.Remaining);
        }
        Assert.Equal(book.GetProperty("bids").GetRawText(), (await client.Http.GetFromJsonAsync<JsonElement>("/api/v1/market/book")).GetProperty("bids").GetRawText());
        Assert.Equal(postings, (await client.Http.GetFromJsonAsync<JsonElement>("/api/v1/wallet/postings")).GetProperty("total").GetInt32());

        var changed = await client.Http.PatchAsJsonAsync($"/api/v1/orders/{order.Id}", new { quantity = 299 });
        Assert.True((await changed.Content.ReadFromJsonAsync<OrderDto>())!.UpdatedAt > order.UpdatedAt);
    }

    [Fact]
    public async Task Retry_with_the_same_client_order_id_returns_the_first_order_and_places_nothing_more()
    {
        var client = await ApiClient.CreateAsync(_factory, "api-retry@test.local", dollars: 100);
        var body = new { side = "buy", type = "limit", price = 0.0200m, quantity = 100, clientOrderId = "bot-42" };

        var first = await client.Http.PostAsJsonAsync("/api/v1/orders", body);
        var retry = await client.Http.PostAsJsonAsync("/api/v1/orders", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var firstOrder = (await first.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!;
        var retried = (await retry.Content.ReadFromJsonAsync<PlaceOrderResponse>())!;
        Assert.True(retried.Repeat);
        Assert.Equal(firstOrder.Id, retried.Order!.Id);
        var all = await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders");
        Assert.Equal(1, all!.Total);
    }

    /// <summary>
    /// A repeat by client order id answers the first result whole: the fills the placement made (trade ids, prices,
    /// fees) and what it cancelled (its own expired remainder), as an Idempotency-Key retry does.
    /// </summary>
    [Fact]
    public async Task A_client_order_id_repeat_returns_the_first_results_fills_and_cancels()
    {
        var seller = await ApiClient.CreateAsync(_factory, $"api-coid-seller-{Guid.NewGuid():N}@test.local", xp: 1_000);
        var buyer = await ApiClient.CreateAsync(_factory, $"api-coid-buyer-{Guid.NewGuid():N}@test.local", dollars: 100);
        Assert.Equal(HttpStatusCode.Created, (await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0200m, quantity = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0201m, quantity = 4 })).StatusCode);
        var body = new { side = "buy", type = "limit", price = 0.0201m, quantity = 10, timeInForce = "ioc", clientOrderId = "fills-once" };

        var first = (await (await buyer.Http.PostAsJsonAsync("/api/v1/orders", body)).Content.ReadFromJsonAsync<PlaceOrderResponse>())!;
        // Another order of the buyer's trades later, in its own batch: it is no part of the first result.
        Assert.Equal(HttpStatusCode.Created, (await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0201m, quantity = 2 })).StatusCode);
        var repeat = await buyer.Http.PostAsJsonAsync("/api/v1/orders", body);
        var again = (await repeat.Content.ReadFromJsonAsync<PlaceOrderResponse>())!;

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.True(again.Repeat);
        Assert.Equal(2, first.Fills.Count);
        Assert.Equal(first.Fills, again.Fills);
        Assert.Equal([new CancelledDto(first.Order!.Id, 3, "expired")], first.Cancelled);
        Assert.Equal(first.Cancelled, again.Cancelled);
    }

    [Fact]
    public async Task Another_operators_order_is_404()
    {
        var owner = await ApiClient.CreateAsync(_factory, "api-owner@test.local", dollars: 100);
        var other = await ApiClient.CreateAsync(_factory, "api-other@test.local", dollars: 100);
        var placed = await owner.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10 });
        var id = (await placed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!.Id;

        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/v1/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.DeleteAsync($"/api/v1/orders/{id}")).StatusCode);
        var amend = await other.Http.PatchAsJsonAsync($"/api/v1/orders/{id}", new { quantity = 1 });
        Assert.Equal(HttpStatusCode.NotFound, amend.StatusCode);
        Assert.Equal("not_found", (await ProblemAsync(amend)).GetProperty("code").GetString());
        Assert.Equal("open", (await owner.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{id}"))!.Status);
    }

    [Theory]
    [InlineData("{\"side\":\"hold\",\"price\":0.02,\"quantity\":10}", "side")]
    [InlineData("{\"side\":\"buy\",\"price\":0.02,\"quantity\":0}", "quantity")]
    [InlineData("{\"side\":\"buy\",\"price\":0.02005,\"quantity\":10}", "price")]
    [InlineData("{\"side\":\"buy\",\"type\":\"market\",\"quantity\":10,\"postOnly\":true}", "postOnly")]
    public async Task Invalid_order_gets_400_validation_problem_naming_the_field(string json, string field)
    {
        var client = await ApiClient.CreateAsync(_factory, $"api-invalid-{field}@test.local", dollars: 100);

        var response = await client.Http.PostAsync("/api/v1/orders", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
    }

    [Theory]
    [InlineData("{\"side\":\"buy\",", "application/json")]
    [InlineData("{\"side\":\"buy\",\"price\":\"abc\",\"quantity\":\"lots\"}", "application/json")]
    [InlineData("side=buy&quantity=1", "application/x-www-form-urlencoded")]
    public async Task Unreadable_body_gets_problem_details_with_a_code_and_no_stack_trace(string body, string mediaType)
    {
        var client = await ApiClient.CreateAsync(_factory, $"api-unreadable-{body.Length}@test.local", dollars: 100);

        var response = await client.Http.PostAsync("/api/v1/orders", new StringContent(body, System.Text.Encoding.UTF8, mediaType));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType);
        var problem = await ProblemAsync(response);
        Assert.Contains(problem.GetProperty("code").GetString(), new[] { "invalid_request", "unsupported_media_type", "validation_failed" });
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
    }

    [Fact]
    public async Task Query_value_of_the_wrong_type_gets_400_validation_problem_naming_it()
    {
        var response = await _factory.CreateClient().GetAsync("/api/v1/market/book?depth=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("depth", out _));
    }

    [Fact]
    public async Task Engine_refusal_gets_422_with_its_reason_code()
    {
        var client = await ApiClient.CreateAsync(_factory, "api-poor@test.local", dollars: 1);

        var response = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 1_000 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("insufficient_cash", problem.GetProperty("code").GetString());
        Assert.Contains("Not enough available cash", problem.GetProperty("detail").GetString());
    }

    /// <summary>
    /// A buy holds, per XP, its price plus the larger fee on that price rounded up to the micro-dollar (SPEC §8, the
    /// engine's BuyHoldPerXp), and its refusal says so: cash enough for price × quantity plus the fee on the whole
    /// ($8,901.354162 for 520,027 XP at $0.0171) is refused, and the per-XP figure ($8,901.822186) is what it holds.
    /// </summary>
    [Fact]
    public async Task A_buy_holds_its_fee_rounded_up_per_xp_and_its_refusal_states_that_rule()
    {
        using var factory = new AppFactory();
        var client = await ApiClient.CreateAsync(factory, "hold-per-xp@test.local", dollars: 8_901.354162m);
        var order = new { side = "buy", price = 0.0171m, quantity = 520_027 };

        var refused = await client.Http.PostAsJsonAsync("/api/v1/orders", order);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await ProblemAsync(refused);
        Assert.Equal("insufficient_cash", problem.GetProperty("code").GetString());
        Assert.Contains("for each XP, its limit price (for a market buy, the band's edge) plus the larger fee on that price, rounded up to the micro-dollar", problem.GetProperty("detail").GetString());

        await Operators.FundAsync(factory.Services, client.OperatorId, 0.468024m, 0);
        var placed = await client.Http.PostAsJsonAsync("/api/v1/orders", order);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var wallet = await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet");
        Assert.Equal(8_901.822186m, wallet!.CashHeld);
        Assert.Equal(0m, wallet.CashAvailable);
    }

    [Fact]
    public async Task My_trades_and_postings_show_both_sides_of_a_trade()
    {
        var seller = await ApiClient.CreateAsync(_factory, "api-seller@test.local", xp: 500);
        var buyer = await ApiClient.CreateAsync(_factory, "api-buyer@test.local", dollars: 50);
        await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0300m, quantity = 500 });
        await buyer.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "market", quantity = 200 });

        var sellerTrades = await seller.Http.GetFromJsonAsync<PageOf<MyTradeDto>>("/api/v1/trades/mine");
        var buyerTrades = await buyer.Http.GetFromJsonAsync<PageOf<MyTradeDto>>("/api/v1/trades/mine");
        var maker = Assert.Single(sellerTrades!.Items);
        var taker = Assert.Single(buyerTrades!.Items);
        Assert.Equal(("sell", "maker", 200L), (maker.Side, maker.Role, maker.Quantity));
        Assert.Equal(("buy", "taker", 0.0060m), (taker.Side, taker.Role, taker.Fee));
        var postings = await buyer.Http.GetFromJsonAsync<PageOf<PostingDto>>("/api/v1/wallet/postings");
        Assert.Contains(postings!.Items, p => p.Reason == "fee" && p.Direction == "out");
        Assert.Contains(postings.Items, p => p.Reason == "deposit" && p.Direction == "in" && p.Amount == 50m);
    }

    /// <summary>Amending or cancelling one of your own orders that has ended is 422 order_not_open (GET still reads it); another operator's order stays 404.</summary>
    [Fact]
    public async Task An_ended_order_of_yours_cannot_be_amended_or_cancelled_and_says_so()
    {
        var client = await ApiClient.CreateAsync(_factory, $"api-ended-{Guid.NewGuid():N}@test.local", dollars: 100);
        var other = await ApiClient.CreateAsync(_factory, $"api-ended-o-{Guid.NewGuid():N}@test.local", dollars: 100);
        var placed = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0100m, quantity = 10 });
        var id = (await placed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!.Id;
        Assert.Equal(HttpStatusCode.OK, (await client.Http.DeleteAsync($"/api/v1/orders/{id}")).StatusCode);
        var wallet = await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet");

        foreach (var response in new[]
        {
            await client.Http.DeleteAsync($"/api/v1/orders/{id}"),
            await client.Http.PatchAsJsonAsync($"/api/v1/orders/{id}", new { quantity = 5 }),
        })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal(OrdersApi.OrderNotOpen, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync($"/api/v1/orders/{id}")).StatusCode);
        Assert.Equal(wallet, await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.DeleteAsync($"/api/v1/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PatchAsJsonAsync($"/api/v1/orders/{id}", new { quantity = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.DeleteAsync("/api/v1/orders/99999999")).StatusCode);
    }

    /// <summary>A body larger than the API reads is refused as 413 payload_too_large before it is read whole, with or without a Content-Length; nothing is placed.</summary>
    [Fact]
    public async Task An_oversized_body_is_413_and_changes_nothing()
    {
        var client = await ApiClient.CreateAsync(_factory, $"api-big-{Guid.NewGuid():N}@test.local", dollars: 100);
        var json = "{\"side\":\"buy\",\"price\":0.02,\"quantity\":10,\"clientOrderId\":\"" + new string('a', ApiErrorMiddleware.MaxBodyBytes) + "\"}";

        var sized = await client.Http.PostAsync("/api/v1/orders", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var chunked = new StreamContent(new UnsizedStream(System.Text.Encoding.UTF8.GetBytes(json)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var streamed = await client.Http.PostAsync("/api/v1/agents", chunked);

        foreach (var response in new[] { sized, streamed })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("payload_too_large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
    }

    /// <summary>A FOK the book cannot fill in full is refused whole (422 fok_not_fillable): no record, no hold, and its client order id stays free.</summary>
    [Fact]
    public async Task An_unfillable_fok_is_refused_whole_and_leaves_its_client_order_id_free()
    {
        var client = await ApiClient.CreateAsync(_factory, $"api-fok-{Guid.NewGuid():N}@test.local", dollars: 100);
        var refused = await client.Http.PostAsJsonAsync("/api/v1/orders",
            new { side = "buy", type = "limit", price = 0.0200m, quantity = 1_000, timeInForce = "fok", clientOrderId = "fok-1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("fok_not_fillable", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/api/v1/orders/by-client-id/fok-1")).StatusCode);
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
        Assert.Equal(0m, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.CashHeld);

        var placed = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0100m, quantity = 10, clientOrderId = "fok-1" });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
    }

    /// <summary>An order-book fill is anonymous: neither side's postings name the other operator, only "market".</summary>
    [Fact]
    public async Task Book_trade_postings_do_not_name_the_other_operator()
    {
        var seller = await ApiClient.CreateAsync(_factory, $"api-anon-s-{Guid.NewGuid():N}@test.local", xp: 500);
        var buyer = await ApiClient.CreateAsync(_factory, $"api-anon-b-{Guid.NewGuid():N}@test.local", dollars: 50);
        await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0300m, quantity = 500 });
        Assert.Equal(HttpStatusCode.Created, (await buyer.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "market", quantity = 200 })).StatusCode);

        foreach (var (side, other) in new[] { (seller, buyer), (buyer, seller) })
        {
            var postings = (await side.Http.GetFromJsonAsync<PageOf<PostingDto>>("/api/v1/wallet/postings"))!.Items;
            var trades = postings.Where(p => p.Reason == "trade").ToList();
            Assert.NotEmpty(trades);
            Assert.All(trades, p => Assert.Equal(PostingCounterparty.Market, p.Counterparty));
            Assert.DoesNotContain(postings, p => p.Counterparty.Contains(other.OperatorId.ToString()));
        }
    }

    /// <summary>Every code the API writes is snake_case, as on the user stream: cancel reasons, posting reasons, epoch status.</summary>
    [Fact]
    public async Task Every_enum_the_api_writes_is_snake_case()
    {
        var trader = await ApiClient.CreateAsync(_factory, $"api-codes-{Guid.NewGuid():N}@test.local", dollars: 50);
        var placed = await trader.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0100m, quantity = 100 });
        var id = (await placed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!.Id;
        Assert.Equal(HttpStatusCode.OK, (await trader.Http.DeleteAsync($"/api/v1/orders/{id}")).StatusCode);

        var order = (await trader.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{id}"))!;
        var postings = (await trader.Http.GetFromJsonAsync<PageOf<PostingDto>>("/api/v1/wallet/postings"))!.Items;
        var epoch = await trader.Http.GetFromJsonAsync<JsonElement>("/api/v1/epochs");

        Assert.Equal("requested", order.CancelReason);
        Assert.Contains(postings, p => p.Reason == "order_hold");
        Assert.Contains(postings, p => p.Reason == "order_release");
        Assert.Contains(postings, p => (p.Reason, p.Asset, p.Account, p.Direction, p.Counterparty) == ("order_hold", "cash", "held", "in", "own available"));
        Assert.Contains(postings, p => (p.Reason, p.Counterparty) == ("deposit", "external_cash"));
        Assert.All(epoch.GetProperty("items").EnumerateArray(), e => Assert.Matches("^[a-z_]+$", e.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task OpenApi_document_lists_every_endpoint()
    {
        var document = await _factory.CreateClient().GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/trades/mine", "/api/v1/wallet", "/api/v1/wallet/postings" })
            Assert.Contains($"\"{path}\"", document);
        Assert.DoesNotContain("/Account/Logout", document);
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync("/api/reference")).StatusCode);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    // A body whose length is not known up front (sent chunked): the limit must hold as it is read.
    private sealed class UnsizedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
