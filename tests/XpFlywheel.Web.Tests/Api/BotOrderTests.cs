using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

public sealed class BotOrderTests : IDisposable
{
    // Each test trades on its own book: one test's fills or band would move another's prices.
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Order_record_carries_average_fill_price_cumulative_quote_and_fees_paid()
    {
        var seller = await ApiClient.CreateAsync(_factory, $"fills-seller-{Guid.NewGuid():N}@test.local", xp: 1_000);
        var buyer = await ApiClient.CreateAsync(_factory, $"fills-buyer-{Guid.NewGuid():N}@test.local", dollars: 100);
        await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0200m, quantity = 100 });
        await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0210m, quantity = 100 });

        var placed = await buyer.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "market", quantity = 150, clientOrderId = "sweep-1" });

        var order = (await placed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!;
        // 100 at 0.02 + 50 at 0.021 = $3.05 over 150 XP; the taker pays 10 bps = $0.00305.
        Assert.Equal((150L, 3.05m, 0.00305m), (order.Filled, order.CumulativeQuote, order.FeesPaid));
        // $0.0203333…, given to eight places (four below the tick), not 28.
        Assert.Equal(0.02033333m, order.AveragePrice);
        var fetched = await buyer.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{order.Id}");
        Assert.Equal((order.AveragePrice, 3.05m, 0.00305m), (fetched!.AveragePrice, fetched.CumulativeQuote, fetched.FeesPaid));
        var makers = await seller.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders");
        Assert.Equal([(0.021m, 1.05m, 0m), (0.02m, 2m, 0m)], makers!.Items.Select(o => (o.AveragePrice!.Value, o.CumulativeQuote, o.FeesPaid)));

        var unfilled = await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0220m, quantity = 5 });
        var resting = (await unfilled.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!;
        Assert.Equal(((decimal?)null, 0m, 0m), (resting.AveragePrice, resting.CumulativeQuote, resting.FeesPaid));
    }

    [Fact]
    public async Task Order_is_found_by_its_client_order_id_and_only_by_its_owner()
    {
        var owner = await ApiClient.CreateAsync(_factory, $"cid-owner-{Guid.NewGuid():N}@test.local", dollars: 100);
        var other = await ApiClient.CreateAsync(_factory, $"cid-other-{Guid.NewGuid():N}@test.local", dollars: 100);
        var placed = await owner.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10, clientOrderId = "grid-7 b" });
        var slashed = await owner.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10, clientOrderId = "grid/7 b" });
        var slashedId = (await slashed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!.Id;
        var id = (await placed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!.Id;

        var found = await owner.Http.GetFromJsonAsync<OrderDto>("/api/v1/orders/by-client-id/grid-7%20b");
        var listed = await owner.Http.GetFromJsonAsync<PageOf<OrderDto>>($"/api/v1/orders?clientOrderId={Uri.EscapeDataString("grid/7 b")}");

        Assert.Equal((id, "grid-7 b"), (found!.Id, found.ClientOrderId));
        Assert.Equal(slashedId, Assert.Single(listed!.Items).Id);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync("/api/v1/orders/by-client-id/grid-7%20b")).StatusCode);
        Assert.Empty((await other.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?clientOrderId=grid-7%20b"))!.Items);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.GetAsync("/api/v1/orders/by-client-id/unknown")).StatusCode);
    }

    /// <summary>
    /// An encoded "/" (%2F) in the look-up's address reaches the app undecoded, so "z1%2F1" there could mean the id
    /// "z1/1" or the id "z1%2F1": refused with a pointer to the query form, never answered with either order.
    /// </summary>
    [Fact]
    public async Task A_look_up_by_an_address_holding_an_encoded_slash_is_refused_not_answered_with_another_order()
    {
        var client = await ApiClient.CreateAsync(_factory, $"cid-slash-{Guid.NewGuid():N}@test.local", dollars: 100);
        foreach (var id in new[] { "z1/1", "z1%2F1" })
            Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 1, clientOrderId = id })).StatusCode);

        foreach (var path in new[] { "/api/v1/orders/by-client-id/z1%2F1", "/api/v1/orders/by-client-id/z1%2f1", "/api/v1/orders/by-client-id/z1%252F1" })
        {
            var refused = await client.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            Assert.Contains("?clientOrderId=", problem.GetProperty("errors").GetProperty("clientOrderId")[0].GetString());
        }
        var listed = await client.Http.GetFromJsonAsync<PageOf<OrderDto>>($"/api/v1/orders?clientOrderId={Uri.EscapeDataString("z1%2F1")}");
        Assert.Equal("z1%2F1", Assert.Single(listed!.Items).ClientOrderId);
    }

    /// <summary>A client order id that an address cannot carry ("." or "..") is refused at placement, and an empty one in a list query is 400, not "no orders".</summary>
    [Fact]
    public async Task Client_order_ids_that_cannot_be_looked_up_are_refused()
    {
        var client = await ApiClient.CreateAsync(_factory, $"cid-dots-{Guid.NewGuid():N}@test.local", dollars: 100);
        foreach (var dots in new[] { ".", ".." })
        {
            var refused = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10, clientOrderId = dots });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10, clientOrderId = "...a" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync("/api/v1/orders?clientOrderId=")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync($"/api/v1/orders?clientOrderId={new string('x', 65)}")).StatusCode);
        Assert.Equal(1, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
    }

    /// <summary>
    /// Client order ids are compared exactly, so an id with an invisible character (a right-to-left override, a
    /// zero-width space, a no-break space, a Hangul filler or another default-ignorable character) or in decomposed form, which reads like another id, is refused before it
    /// takes anything; so is one that only spaces set apart (spaces alone, at either end, or two in a row, which a page
    /// shows as one). Accented letters in composed form and single spaces inside an id stay welcome.
    /// </summary>
    [Theory]
    [InlineData(" ")]
    [InlineData("   ")]
    [InlineData(" bot 1")]
    [InlineData("bot 1 ")]
    [InlineData("bot  1")]
    [InlineData("\u202E")]
    [InlineData("bot\u200B1")]
    [InlineData("bot\u00A01")]
    [InlineData("e\u0301t\u00E9")]
    [InlineData("bot\uE0001")]
    [InlineData("\u3164")]
    [InlineData("bot 1\u115F")]
    [InlineData("bot\u034F1")]
    [InlineData("bot 1\uFE0F")]
    public async Task Client_order_ids_that_read_like_another_are_refused(string id)
    {
        var client = await ApiClient.CreateAsync(_factory, $"cid-look-{Guid.NewGuid():N}@test.local", dollars: 100);

        var refused = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10, clientOrderId = id });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("clientOrderId", out _), problem.ToString());
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10, clientOrderId = "été bot 1" })).StatusCode);
    }

    /// <summary>
    /// A client order id's 64 are UTF-16 code units, and a refusal says so: 33 mathematical letters (each beyond U+FFFF,
    /// two units) were refused as more than "64 printable characters", which reads as a miscount.
    /// </summary>
    [Fact]
    public async Task A_client_order_id_over_its_length_is_refused_saying_how_it_is_counted()
    {
        var client = await ApiClient.CreateAsync(_factory, $"cid-len-{Guid.NewGuid():N}@test.local", dollars: 100);
        var letter = char.ConvertFromUtf32(0x1D400);

        var refused = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10, clientOrderId = string.Concat(Enumerable.Repeat(letter, 33)) });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors").GetProperty("clientOrderId")[0].GetString();
        Assert.Contains("UTF-16 code units", message);
        Assert.Contains("(66 sent)", message);
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10, clientOrderId = string.Concat(Enumerable.Repeat(letter, 32)) })).StatusCode);
    }

    /// <summary>
    /// The look-up by client order id with the id left out, or one that placement refuses (too long, spaces at an end
    /// or doubled, an invisible or control character, a broken escape), names clientOrderId: no order can carry such an
    /// id, so the answer is this 400, never "not found" or an empty list that reads as "no such order yet".
    /// </summary>
    [Theory]
    [InlineData("/api/v1/orders/by-client-id")]
    [InlineData("/api/v1/orders/by-client-id/")]
    [InlineData("/api/v1/orders/by-client-id/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("/api/v1/orders/by-client-id/%20")]
    [InlineData("/api/v1/orders/by-client-id/a%20%20b")]
    [InlineData("/api/v1/orders/by-client-id/%E2%80%AEbot")]
    [InlineData("/api/v1/orders/by-client-id/%FF")]
    [InlineData("/api/v1/orders?clientOrderId=%20")]
    [InlineData("/api/v1/orders?clientOrderId=..")]
    [InlineData("/api/v1/orders?clientOrderId=")]
    public async Task A_look_up_by_client_order_id_without_a_usable_id_names_client_order_id(string path)
    {
        var client = await ApiClient.CreateAsync(_factory, $"cid-empty-{Guid.NewGuid():N}@test.local", dollars: 100);

        var refused = await client.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("clientOrderId", out _), problem.ToString());
    }

    /// <summary>Words sent as values are read without case, as the README says: a bot sending "BUY" and ?status=OPEN is understood.</summary>
    [Fact]
    public async Task Word_values_are_read_without_case()
    {
        var client = await ApiClient.CreateAsync(_factory, $"words-{Guid.NewGuid():N}@test.local", dollars: 100);
        var placed = await client.Http.PostAsync("/api/v1/orders", new StringContent(
            """{"side":"BUY","type":"Limit","timeInForce":"GTC","price":0.0200,"quantity":5}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);

        var open = await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=OPEN");

        Assert.Equal("buy", Assert.Single(open!.Items).Side);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/leaderboard?sort=LOCKEDXP&order=ASC")).StatusCode);
    }

    /// <summary>
    /// An id holding what reads as an escape ("bot%411") can be placed and is found by the list query; the look-up by
    /// address refuses it with a pointer to that query, since a server leaves some escapes undecoded and could not
    /// tell the id from one.
    /// </summary>
    [Fact]
    public async Task A_client_order_id_holding_an_escape_is_found_by_the_list_query()
    {
        var client = await ApiClient.CreateAsync(_factory, $"cid-pct-{Guid.NewGuid():N}@test.local", dollars: 100);
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 1, clientOrderId = "bot%411" })).StatusCode);

        var listed = await client.Http.GetFromJsonAsync<PageOf<OrderDto>>($"/api/v1/orders?clientOrderId={Uri.EscapeDataString("bot%411")}");

        Assert.Equal("bot%411", Assert.Single(listed!.Items).ClientOrderId);
        var refused = await client.Http.GetAsync("/api/v1/orders/by-client-id/bot%25411");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("?clientOrderId=", (await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors").GetProperty("clientOrderId")[0].GetString());
    }

    [Theory]
    [InlineData("\"0.0115\"", 0.0115)]
    [InlineData("0.0115", 0.0115)]
    [InlineData("\"1.15e-2\"", 0.0115)]
    public async Task Prices_are_accepted_as_json_strings_as_well_as_numbers(string price, double expected)
    {
        var client = await ApiClient.CreateAsync(_factory, $"str-{Guid.NewGuid():N}@test.local", dollars: 100);
        var json = $"{{\"side\":\"buy\",\"type\":\"limit\",\"price\":{price},\"quantity\":10}}";

        var placed = await client.Http.PostAsync("/api/v1/orders", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = (await placed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!;
        Assert.Equal((decimal)expected, order.Price);
        var amended = await client.Http.PatchAsync($"/api/v1/orders/{order.Id}", new StringContent("{\"price\":\"0.0116\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(0.0116m, (await amended.Content.ReadFromJsonAsync<OrderDto>())!.Price);
    }

    [Theory]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":\"abc\",\"quantity\":10}", "price")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":\"0,0115\",\"quantity\":10}", "price")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":\" 0.0115\",\"quantity\":10}", "price")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":\"\",\"quantity\":10}", "price")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":\"1e99\",\"quantity\":10}", "price")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":true,\"quantity\":10}", "price")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":\"00.0115\",\"quantity\":10}", "price")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":\"0.0115\",\"quantity\":\"010\"}", "quantity")]
    [InlineData("/api/v1/jobs", "{\"clientAgentId\":1,\"providerAgentId\":2,\"amount\":\"ten\",\"succeeded\":true}", "amount")]
    public async Task Garbage_price_or_amount_string_is_400_validation_failed(string path, string json, string field)
    {
        var client = await ApiClient.CreateAsync(_factory, $"garbage-{Guid.NewGuid():N}@test.local", dollars: 100);

        var response = await client.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
    }
}
