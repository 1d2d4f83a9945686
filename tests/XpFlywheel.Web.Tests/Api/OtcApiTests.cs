using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>The OTC desk over HTTP: 201 on creation, 400 for bad input, 404 for what is not yours, 422 for refusals.</summary>
public sealed class OtcApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private async Task<(ApiClient A, ApiClient B)> TwoAsync()
    {
        await factory.Services.GetRequiredService<ExchangeHost>().ExecuteAsync(s => s.Engine.SetReferencePrice(new Price(200)));
        return (await ApiClient.CreateAsync(factory, $"otc-a-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 10_000),
            await ApiClient.CreateAsync(factory, $"otc-b-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 10_000));
    }

    /// <summary>A posted offer's Location reads it back; another operator sees it while it is open to them, and a private one naming someone else not at all.</summary>
    [Fact]
    public async Task A_posted_offer_is_read_back_at_its_location_by_those_it_is_open_to()
    {
        var (a, b) = await TwoAsync();
        var c = await ApiClient.CreateAsync(factory, $"otc-c-{Guid.NewGuid():N}@test.local");
        var posted = await a.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "sell", price = 0.0210m, quantity = 100, expiresAt = DateTime.UtcNow.AddHours(1) });
        var privately = await a.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "sell", price = 0.0210m, quantity = 100, expiresAt = DateTime.UtcNow.AddHours(1), counterpartyId = b.OperatorId });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, privately.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        var privateLocation = privately.Headers.Location!.OriginalString;

        var own = await a.Http.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal((await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64(), (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await b.Http.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.Http.GetAsync(privateLocation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Http.GetAsync(privateLocation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.Http.DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.GetAsync(location)).StatusCode);
        Assert.Equal("cancelled", (await a.Http.GetFromJsonAsync<JsonElement>(location)).GetProperty("status").GetString(), ignoreCase: true);
    }

    /// <summary>
    /// A request, a quote and a trade (by take or acceptance) are each read back at their Location, by their parties
    /// only: an open request by anyone (anonymous, without quotes), a quote by its quoter and requester, a trade by its maker and taker.
    /// </summary>
    [Fact]
    public async Task Every_otc_creation_is_read_back_at_its_location_by_its_parties()
    {
        var (a, b) = await TwoAsync();
        var c = await ApiClient.CreateAsync(factory, $"otc-c-{Guid.NewGuid():N}@test.local");
        async Task<(string Location, JsonElement Body)> CreatedAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (response.Headers.Location!.OriginalString, await response.Content.ReadFromJsonAsync<JsonElement>());
        }
        async Task<JsonElement> ReadAsync(ApiClient who, string location)
        {
            var response = await who.Http.GetAsync(location);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var request = await CreatedAsync(await a.Http.PostAsJsonAsync("/api/v1/otc/requests", new { side = "buy", quantity = 500 }));
        Assert.Equal($"/api/v1/otc/requests/{request.Body.GetProperty("id").GetInt64()}", request.Location);
        var quote = await CreatedAsync(await b.Http.PostAsJsonAsync($"/api/v1/otc/requests/{request.Body.GetProperty("id").GetInt64()}/quotes", new { price = "0.0210" }));
        var quoteId = quote.Body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/otc/quotes/{quoteId}", quote.Location);

        var ownRequest = await ReadAsync(a, request.Location);
        Assert.Equal(a.OperatorId, ownRequest.GetProperty("operatorId").GetInt64());
        Assert.Equal(quoteId, ownRequest.GetProperty("quotes")[0].GetProperty("id").GetInt64());
        var seenByOther = await ReadAsync(c, request.Location);
        Assert.Equal(JsonValueKind.Null, seenByOther.GetProperty("operatorId").ValueKind);
        Assert.Equal(0, seenByOther.GetProperty("quotes").GetArrayLength());
        Assert.Equal(0.021m, (await ReadAsync(b, quote.Location)).GetProperty("price").GetDecimal());
        Assert.Equal(quoteId, (await ReadAsync(a, quote.Location)).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await c.Http.GetAsync(quote.Location)).StatusCode);

        var accepted = await CreatedAsync(await a.Http.PostAsync($"/api/v1/otc/quotes/{quoteId}/accept", null));
        Assert.Equal($"/api/v1/otc/trades/{accepted.Body.GetProperty("id").GetInt64()}", accepted.Location);
        Assert.Equal(accepted.Body.GetProperty("notional").GetDecimal(), (await ReadAsync(a, accepted.Location)).GetProperty("notional").GetDecimal());
        Assert.Equal(accepted.Body.GetProperty("id").GetInt64(), (await ReadAsync(b, accepted.Location)).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await c.Http.GetAsync(accepted.Location)).StatusCode);
        // Accepted, the request is closed to others: only its asker still reads it.
        Assert.Equal(HttpStatusCode.NotFound, (await c.Http.GetAsync(request.Location)).StatusCode);
        Assert.Equal("accepted", (await ReadAsync(a, request.Location)).GetProperty("status").GetString());

        var offer = await CreatedAsync(await a.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "sell", price = 0.0210m, quantity = 100, expiresAt = DateTime.UtcNow.AddHours(1) }));
        var taken = await CreatedAsync(await b.Http.PostAsJsonAsync($"{offer.Location}/take", new { quantity = 40 }));
        Assert.Equal($"/api/v1/otc/trades/{taken.Body.GetProperty("id").GetInt64()}", taken.Location);
        Assert.Equal(40, (await ReadAsync(a, taken.Location)).GetProperty("quantity").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await c.Http.GetAsync(taken.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.Http.GetAsync("/api/v1/otc/trades/999999999")).StatusCode);
    }

    /// <summary>Your OTC trades and quotes page newest first by id: limit, then before = the last id read, until an empty page.</summary>
    /// <summary>Withdrawing a request answers it with the quotes it had, lapsed with it, as GET reads it: never an empty list.</summary>
    [Fact]
    public async Task A_withdrawn_request_answers_with_the_quotes_it_had()
    {
        var (a, b) = await TwoAsync();
        var request = await b.Http.PostAsJsonAsync("/api/v1/otc/requests", new { side = "buy", quantity = 7 });
        var requestId = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var quote = await a.Http.PostAsJsonAsync($"/api/v1/otc/requests/{requestId}/quotes", new { price = "0.0205" });
        var quoteId = (await quote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var withdrawn = await b.Http.DeleteAsync($"/api/v1/otc/requests/{requestId}");

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var answer = await withdrawn.Content.ReadFromJsonAsync<JsonElement>();
        var read = await b.Http.GetFromJsonAsync<JsonElement>($"/api/v1/otc/requests/{requestId}");
        Assert.Equal(quoteId, Assert.Single(answer.GetProperty("quotes").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(read.GetProperty("quotes").ToString(), answer.GetProperty("quotes").ToString());
    }

    [Fact]
    public async Task My_otc_trades_and_quotes_page_by_an_id_cursor()
    {
        var (a, b) = await TwoAsync();
        var offer = await a.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "sell", price = 0.0200m, quantity = 500, expiresAt = DateTime.UtcNow.AddHours(1) });
        var offerId = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Created, (await b.Http.PostAsJsonAsync($"/api/v1/otc/offers/{offerId}/take", new { quantity = 10 })).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            var request = await b.Http.PostAsJsonAsync("/api/v1/otc/requests", new { side = "buy", quantity = 100 });
            var requestId = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            Assert.Equal(HttpStatusCode.Created, (await a.Http.PostAsJsonAsync($"/api/v1/otc/requests/{requestId}/quotes", new { price = "0.0200" })).StatusCode);
        }

        var read = new List<long>();
        long? before = null;
        while (true)
        {
            var page = (await b.Http.GetFromJsonAsync<JsonElement[]>($"/api/v1/otc/trades/mine?limit=2{(before is { } b4 ? $"&before={b4}" : "")}"))!;
            if (page.Length == 0)
                break;
            Assert.True(page.Length <= 2);
            read.AddRange(page.Select(t => t.GetProperty("id").GetInt64()));
            before = read[^1];
        }
        var all = (await b.Http.GetFromJsonAsync<JsonElement[]>("/api/v1/otc/trades/mine"))!.Select(t => t.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(5, all.Count);
        Assert.Equal(all, read);
        Assert.Equal(all.OrderByDescending(id => id), all);

        var quotes = (await a.Http.GetFromJsonAsync<JsonElement[]>("/api/v1/otc/quotes/mine?limit=2"))!;
        Assert.Equal(2, quotes.Length);
        var older = (await a.Http.GetFromJsonAsync<JsonElement[]>($"/api/v1/otc/quotes/mine?before={quotes[1].GetProperty("id").GetInt64()}"))!;
        Assert.Single(older);

        foreach (var bad in new[] { "limit=0", "limit=201", "before=0", "before=-5", "limit=abc" })
            Assert.Equal(HttpStatusCode.BadRequest, (await a.Http.GetAsync($"/api/v1/otc/trades/mine?{bad}")).StatusCode);
    }

    /// <summary>
    /// The public OTC tape pages newest first by id (limit, before = the last id read), as the /mine lists do, so every
    /// trade of its history is reachable, not only the newest 200.
    /// </summary>
    [Fact]
    public async Task The_public_otc_tape_pages_by_an_id_cursor_to_its_first_trade()
    {
        var (a, b) = await TwoAsync();
        var offer = await a.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "sell", price = 0.0200m, quantity = 500, expiresAt = DateTime.UtcNow.AddHours(1) });
        var offerId = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Created, (await b.Http.PostAsJsonAsync($"/api/v1/otc/offers/{offerId}/take", new { quantity = 10 })).StatusCode);

        var read = new List<long>();
        long? before = null;
        while (true)
        {
            var page = (await b.Http.GetFromJsonAsync<JsonElement[]>($"/api/v1/otc/trades?limit=2{(before is { } b4 ? $"&before={b4}" : "")}"))!;
            if (page.Length == 0)
                break;
            Assert.True(page.Length <= 2);
            read.AddRange(page.Select(t => t.GetProperty("id").GetInt64()));
            before = read[^1];
        }
        var all = (await b.Http.GetFromJsonAsync<JsonElement[]>("/api/v1/otc/trades?limit=200"))!.Select(t => t.GetProperty("id").GetInt64()).ToList();
        Assert.True(all.Count >= 5);
        Assert.Equal(all, read);
        Assert.Equal(all.OrderByDescending(id => id), all);

        foreach (var bad in new[] { "limit=0", "limit=201", "before=0", "before=-5", "before=abc" })
            Assert.Equal(HttpStatusCode.BadRequest, (await a.Http.GetAsync($"/api/v1/otc/trades?{bad}")).StatusCode);
    }

    /// <summary>
    /// Your offers and requests page newest first by id as your trades do (limit, before = the last id read) and filter
    /// by status open|closed|all, so a history longer than one page is all reachable.
    /// </summary>
    [Fact]
    public async Task My_otc_offers_and_requests_page_by_an_id_cursor_and_filter_by_status()
    {
        var (a, _) = await TwoAsync();
        var offers = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var posted = await a.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "sell", price = 0.0200m, quantity = 10, expiresAt = DateTime.UtcNow.AddHours(1) });
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            offers.Add((await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }
        Assert.Equal(HttpStatusCode.OK, (await a.Http.DeleteAsync($"/api/v1/otc/offers/{offers[1]}")).StatusCode);
        var requests = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var asked = await a.Http.PostAsJsonAsync("/api/v1/otc/requests", new { side = "sell", quantity = 10 });
            Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
            requests.Add((await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }
        Assert.Equal(HttpStatusCode.OK, (await a.Http.DeleteAsync($"/api/v1/otc/requests/{requests[2]}")).StatusCode);

        async Task<List<long>> PagedAsync(string path)
        {
            var read = new List<long>();
            long? before = null;
            while (true)
            {
                var separator = path.Contains('?') ? '&' : '?';
                var page = (await a.Http.GetFromJsonAsync<JsonElement[]>($"{path}{separator}limit=2{(before is { } b4 ? $"&before={b4}" : "")}"))!;
                if (page.Length == 0)
                    return read;
                Assert.True(page.Length <= 2);
                read.AddRange(page.Select(o => o.GetProperty("id").GetInt64()));
                before = read[^1];
            }
        }

        Assert.Equal(offers.OrderByDescending(id => id), await PagedAsync("/api/v1/otc/offers/mine"));
        Assert.Equal(offers.Where(id => id != offers[1]).OrderByDescending(id => id), await PagedAsync("/api/v1/otc/offers/mine?status=open"));
        Assert.Equal([offers[1]], await PagedAsync("/api/v1/otc/offers/mine?status=closed"));
        Assert.Equal(requests.OrderByDescending(id => id), await PagedAsync("/api/v1/otc/requests/mine?status=all"));
        Assert.Equal([requests[1], requests[0]], await PagedAsync("/api/v1/otc/requests/mine?status=open"));

        foreach (var bad in new[] { "limit=0", "limit=201", "before=0", "status=pending", "limit=abc" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await a.Http.GetAsync($"/api/v1/otc/offers/mine?{bad}")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await a.Http.GetAsync($"/api/v1/otc/requests/mine?{bad}")).StatusCode);
        }
    }

    /// <summary>
    /// The public offers list pages: buys then sells, each best price for the taker first (buys highest, sells lowest),
    /// then oldest; following <c>page</c> until a short page reads every open offer once; <c>side</c> keeps one side.
    /// </summary>
    [Fact]
    public async Task Open_offers_page_best_price_first_per_side_and_every_offer_is_read_once()
    {
        var (a, b) = await TwoAsync();
        var mine = new List<long>();
        foreach (var (side, price) in new[] { ("sell", 0.0230m), ("sell", 0.0210m), ("buy", 0.0180m), ("buy", 0.0190m), ("sell", 0.0210m) })
        {
            var posted = await a.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side, price, quantity = 10, expiresAt = DateTime.UtcNow.AddHours(1) });
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            mine.Add((await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        async Task<List<JsonElement>> PagedAsync(string query)
        {
            var read = new List<JsonElement>();
            for (var page = 1; ; page++)
            {
                var rows = (await b.Http.GetFromJsonAsync<JsonElement[]>($"/api/v1/otc/offers?size=2&page={page}{query}"))!;
                Assert.True(rows.Length <= 2);
                read.AddRange(rows);
                if (rows.Length < 2)
                    return read;
            }
        }

        var all = await PagedAsync("");
        var ids = all.Select(o => o.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Subset(ids.ToHashSet(), mine.ToHashSet());
        var keys = all.Select(o => (Side: o.GetProperty("side").GetString(), Price: o.GetProperty("price").GetDecimal(), Id: o.GetProperty("id").GetInt64())).ToList();
        var expected = keys.OrderBy(k => k.Side == "buy" ? 0 : 1).ThenBy(k => k.Side == "buy" ? -k.Price : k.Price).ThenBy(k => k.Id).ToList();
        Assert.Equal(expected, keys);
        Assert.Equal([mine[3], mine[2]], keys.Where(k => mine.Contains(k.Id) && k.Side == "buy").Select(k => k.Id));
        Assert.Equal([mine[1], mine[4], mine[0]], keys.Where(k => mine.Contains(k.Id) && k.Side == "sell").Select(k => k.Id));
        Assert.All(await PagedAsync("&side=sell"), o => Assert.Equal("sell", o.GetProperty("side").GetString()));
        Assert.Equal(keys.Count(k => k.Side == "buy"), (await PagedAsync("&side=BUY")).Count);

        foreach (var bad in new[] { "size=0", "size=201", "page=0", "side=both", "page=abc" })
            Assert.Equal(HttpStatusCode.BadRequest, (await b.Http.GetAsync($"/api/v1/otc/offers?{bad}")).StatusCode);
    }

    /// <summary>Others' open requests page newest first by <c>limit</c> and <c>before</c>, each read once.</summary>
    [Fact]
    public async Task Open_requests_page_newest_first_by_cursor()
    {
        var (a, b) = await TwoAsync();
        var asked = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var response = await a.Http.PostAsJsonAsync("/api/v1/otc/requests", new { side = "sell", quantity = 10 + i });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            asked.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }
        var read = new List<long>();
        long? before = null;
        while (true)
        {
            var page = (await b.Http.GetFromJsonAsync<JsonElement[]>($"/api/v1/otc/requests?limit=2{(before is { } b4 ? $"&before={b4}" : "")}"))!;
            Assert.True(page.Length <= 2);
            if (page.Length == 0)
                break;
            read.AddRange(page.Select(r => r.GetProperty("id").GetInt64()));
            before = read[^1];
        }
        Assert.Equal(read.OrderByDescending(id => id), read);
        Assert.Equal(read.Count, read.Distinct().Count());
        Assert.Subset(read.ToHashSet(), asked.ToHashSet());
        foreach (var bad in new[] { "limit=0", "limit=201", "before=0" })
            Assert.Equal(HttpStatusCode.BadRequest, (await b.Http.GetAsync($"/api/v1/otc/requests?{bad}")).StatusCode);
    }

    /// <summary>Another operator's closed offer or request answers a take or a quote as GET answers it, 404, so no endpoint tells that it existed; its owner hears it is closed.</summary>
    [Fact]
    public async Task Another_operators_closed_offer_or_request_is_404_to_every_endpoint()
    {
        var (a, b) = await TwoAsync();
        var offer = await a.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "sell", price = 0.0200m, quantity = 10, expiresAt = DateTime.UtcNow.AddHours(1) });
        var offerId = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var asked = await a.Http.PostAsJsonAsync("/api/v1/otc/requests", new { side = "sell", quantity = 10 });
        var requestId = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await a.Http.DeleteAsync($"/api/v1/otc/offers/{offerId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.Http.DeleteAsync($"/api/v1/otc/requests/{requestId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.GetAsync($"/api/v1/otc/offers/{offerId}")).StatusCode);
        var take = await b.Http.PostAsJsonAsync($"/api/v1/otc/offers/{offerId}/take", new { quantity = 10 });
        Assert.Equal(HttpStatusCode.NotFound, take.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.GetAsync($"/api/v1/otc/requests/{requestId}")).StatusCode);
        var quote = await b.Http.PostAsJsonAsync($"/api/v1/otc/requests/{requestId}/quotes", new { price = "0.0200" });
        Assert.Equal(HttpStatusCode.NotFound, quote.StatusCode);
        Assert.Equal((await b.Http.PostAsJsonAsync("/api/v1/otc/offers/999999999/take", new { quantity = 10 })).StatusCode, take.StatusCode);

        var again = await a.Http.DeleteAsync($"/api/v1/otc/offers/{offerId}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal("offer_closed", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Two_operators_trade_through_a_request_for_quote()
    {
        var (a, b) = await TwoAsync();
        var asked = await a.Http.PostAsJsonAsync("/api/v1/otc/requests", new { side = "buy", quantity = 500 });
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var request = await asked.Content.ReadFromJsonAsync<JsonElement>();

        var quoted = await b.Http.PostAsJsonAsync($"/api/v1/otc/requests/{request.GetProperty("id").GetInt64()}/quotes", new { price = "0.0210" });
        Assert.Equal(HttpStatusCode.Created, quoted.StatusCode);
        var quoteId = (await quoted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        // Nobody but the requester can accept (or see) the quote.
        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.PostAsync($"/api/v1/otc/quotes/{quoteId}/accept", null)).StatusCode);
        var mine = await a.Http.GetFromJsonAsync<JsonElement>("/api/v1/otc/requests/mine");
        Assert.Equal(quoteId, mine[0].GetProperty("quotes")[0].GetProperty("id").GetInt64());

        var accepted = await a.Http.PostAsync($"/api/v1/otc/quotes/{quoteId}/accept", null);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var trade = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10.5m, trade.GetProperty("notional").GetDecimal());
        Assert.Equal(0.0105m, trade.GetProperty("takerFee").GetDecimal());
        Assert.Contains(await b.Http.GetFromJsonAsync<JsonElement[]>("/api/v1/otc/trades/mine") ?? [], t => t.GetProperty("id").GetInt64() == trade.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Bad_input_is_400_refusals_are_422_and_other_operators_private_offers_are_404()
    {
        var (a, b) = await TwoAsync();
        var c = await ApiClient.CreateAsync(factory, $"otc-c-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 100);
        var expires = DateTime.UtcNow.AddHours(1);

        var badSide = await a.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "hold", price = 0.02m, quantity = 10, expiresAt = expires });
        Assert.Equal(HttpStatusCode.BadRequest, badSide.StatusCode);
        var outside = await a.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "sell", price = 0.05m, quantity = 10, expiresAt = expires });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outside.StatusCode);
        var outsideProblem = await outside.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("outside_band", outsideProblem.GetProperty("code").GetString());
        // Prices in a refusal read as prices everywhere else in prose do: with the dollar sign.
        Assert.Matches(@"^\$0\.0500 is outside the OTC band: .* around the reference price \$0\.\d{4}\.$", outsideProblem.GetProperty("detail").GetString());

        var posted = await a.Http.PostAsJsonAsync("/api/v1/otc/offers",
            new { side = "sell", price = 0.02m, quantity = 100, minimumFill = 50, expiresAt = expires, counterpartyId = b.OperatorId });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NotFound, (await c.Http.PostAsJsonAsync($"/api/v1/otc/offers/{id}/take", new { quantity = 50 })).StatusCode);
        Assert.DoesNotContain(await c.Http.GetFromJsonAsync<JsonElement[]>("/api/v1/otc/offers") ?? [], o => o.GetProperty("id").GetInt64() == id);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await b.Http.PostAsJsonAsync($"/api/v1/otc/offers/{id}/take", new { quantity = 49 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await b.Http.PostAsJsonAsync($"/api/v1/otc/offers/{id}/take", new { quantity = 50 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.DeleteAsync($"/api/v1/otc/offers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.Http.DeleteAsync($"/api/v1/otc/offers/{id}")).StatusCode);
    }

    /// <summary>A minimum fill outside 1..quantity is refused as the minimum fill, so a form marks that field, not the quantity.</summary>
    [Theory]
    [InlineData(101)]
    [InlineData(0)]
    public async Task A_minimum_fill_outside_its_offer_is_refused_under_the_minimum_fill(long minimumFill)
    {
        var (a, _) = await TwoAsync();
        var before = await a.Http.GetFromJsonAsync<JsonElement>("/api/v1/wallet");

        var response = await a.Http.PostAsJsonAsync("/api/v1/otc/offers",
            new { side = "sell", price = 0.02m, quantity = 100, minimumFill, expiresAt = DateTime.UtcNow.AddHours(1) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_minimum_fill", problem.GetProperty("reason").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("minimumFill", out _));
        Assert.False(problem.GetProperty("errors").TryGetProperty("quantity", out _));
        Assert.Equal(before.ToString(), (await a.Http.GetFromJsonAsync<JsonElement>("/api/v1/wallet")).ToString());
    }

    /// <summary>
    /// An offer field whose absence opens the offer wider (no counterparty: public; no minimum fill: any part) is not
    /// read from null: {"counterpartyId": null} made a public offer of one its client meant to be private. Refused as a
    /// 400 naming the field; no offer is posted and nothing is held.
    /// </summary>
    [Theory]
    [InlineData("counterpartyId", "public offer")]
    [InlineData("minimumFill", "minimum fill of 1 XP")]
    public async Task An_offer_field_whose_absence_opens_the_offer_is_refused_as_null(string field, string says)
    {
        var (a, _) = await TwoAsync();
        var before = await a.Http.GetFromJsonAsync<JsonElement>("/api/v1/wallet");
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();

        var response = await a.Http.PostAsync("/api/v1/otc/offers", new StringContent(
            $$"""{"side":"sell","price":"0.02","quantity":100,"expiresAt":{{expires}},"{{field}}":null}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.Contains(says, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(before.ToString(), (await a.Http.GetFromJsonAsync<JsonElement>("/api/v1/wallet")).ToString());
        Assert.Empty((await a.Http.GetFromJsonAsync<JsonElement>("/api/v1/otc/offers/mine")).EnumerateArray());
    }

    /// <summary>What open OTC offers hold shows in the wallet, and available plus every hold stays what the operator owns.</summary>
    [Fact]
    public async Task The_wallet_shows_what_open_otc_offers_hold_until_they_close()
    {
        var (a, _) = await TwoAsync();
        var expires = DateTime.UtcNow.AddHours(1);
        var before = await a.Http.GetFromJsonAsync<JsonElement>("/api/v1/wallet");
        Assert.Equal((0m, 0L), (before.GetProperty("cashHeldByOtc").GetDecimal(), before.GetProperty("xpHeldByOtc").GetInt64()));

        var sell = await a.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "sell", price = 0.02m, quantity = 300, expiresAt = expires });
        var buy = await a.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "buy", price = 0.02m, quantity = 500, expiresAt = expires });
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (sell.StatusCode, buy.StatusCode));

        var held = await a.Http.GetFromJsonAsync<JsonElement>("/api/v1/wallet");
        Assert.Equal(300, held.GetProperty("xpHeldByOtc").GetInt64());
        Assert.Equal(before.GetProperty("xpAvailable").GetInt64(), held.GetProperty("xpAvailable").GetInt64() + 300);
        // 500 XP at $0.02 is $10 plus at most the larger OTC fee, held from available cash.
        var cashHeld = held.GetProperty("cashHeldByOtc").GetDecimal();
        Assert.InRange(cashHeld, 10m, 10.2m);
        Assert.Equal(before.GetProperty("cashAvailable").GetDecimal(), held.GetProperty("cashAvailable").GetDecimal() + cashHeld);

        foreach (var offer in new[] { sell, buy })
        {
            var id = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            Assert.Equal(HttpStatusCode.OK, (await a.Http.DeleteAsync($"/api/v1/otc/offers/{id}")).StatusCode);
        }
        Assert.Equal(before.ToString(), (await a.Http.GetFromJsonAsync<JsonElement>("/api/v1/wallet")).ToString());
    }
}
