using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Operations;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>What HTTP asks of every address: HEAD wherever GET, and oversized requests refused with a body that says why.</summary>
public sealed class HttpEdgeTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/api/v1/market/ticker")]
    [InlineData("/api/v1/time")]
    [InlineData("/health")]
    [InlineData("/market")]
    public async Task Head_is_answered_wherever_get_is_with_the_same_status_and_no_body(string path)
    {
        var http = _factory.CreateClient();

        var get = await http.GetAsync(path);
        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_where_there_is_no_get_answers_as_get_would()
    {
        var http = _factory.CreateClient();

        var get = await http.GetAsync("/api/v1/unlocks/1/cancel");
        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/unlocks/1/cancel"));

        Assert.True(get.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, get.StatusCode.ToString());
        Assert.Equal(get.StatusCode, head.StatusCode);
    }

    /// <summary>
    /// An address the API has, asked with a method it does not take there, is 405 naming the methods it takes (a GET
    /// on an action was 404, a PUT named GET and HEAD, which the static files' fallback route contributed).
    /// </summary>
    [Theory]
    [InlineData("GET", "/api/v1/otc/quotes/1/accept", "POST")]
    [InlineData("PUT", "/api/v1/otc/quotes/1/accept", "POST")]
    [InlineData("GET", "/api/v1/locks/3/unlock", "POST")]
    [InlineData("PUT", "/api/v1/orders/5", "DELETE, GET, HEAD, PATCH")]
    [InlineData("PATCH", "/api/v1/market/ticker", "GET, HEAD")]
    public async Task A_method_an_address_does_not_take_is_405_naming_the_ones_it_takes(string method, string path, string allow)
    {
        var http = _factory.CreateClient();

        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("method_not_allowed", problem.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/no-such-thing")).StatusCode);
    }

    /// <summary>
    /// An address of its own beside an id route (<c>/orders/cancel-after</c> beside <c>/orders/{id}</c>) is 405 to a
    /// method only the id route takes, naming its own methods: DELETE there reached the order cancel and was refused as
    /// a bad order id, and the Allow header named the id route's methods as the address's.
    /// </summary>
    [Theory]
    [InlineData("DELETE", "/api/v1/orders/cancel-after", "GET, HEAD, POST")]
    [InlineData("PATCH", "/api/v1/orders/cancel-after", "GET, HEAD, POST")]
    [InlineData("PUT", "/api/v1/orders/cancel-after", "GET, HEAD, POST")]
    [InlineData("DELETE", "/api/v1/orders/by-client-id", "GET, HEAD")]
    [InlineData("PATCH", "/api/v1/orders/by-client-id", "GET, HEAD")]
    [InlineData("DELETE", "/api/v1/otc/offers/mine", "GET, HEAD")]
    [InlineData("DELETE", "/api/v1/otc/requests/mine", "GET, HEAD")]
    public async Task An_address_of_its_own_is_405_to_a_method_only_the_id_route_beside_it_takes(string method, string path, string allow)
    {
        var client = await ApiClient.CreateAsync(_factory, $"shadow-{Guid.NewGuid():N}@test.local", dollars: 100);

        var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "PATCH" or "PUT" ? JsonContent.Create(new { quantity = 1 }) : null,
        });

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal("method_not_allowed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        // The id route still answers its own addresses.
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.DeleteAsync("/api/v1/orders/999999")).StatusCode);
    }

    /// <summary>
    /// An address no API endpoint has is 404 whatever the method, as it is for GET: a change sent there was 405 naming
    /// GET and HEAD, which only the pages' fallback route takes, as if the API had an endpoint there to read.
    /// </summary>
    [Theory]
    [InlineData("POST", "/api/v1/nonexistent")]
    [InlineData("PUT", "/api/v1/nonexistent")]
    [InlineData("PATCH", "/api/v1/nonexistent")]
    [InlineData("DELETE", "/api/v1/nonexistent")]
    [InlineData("GET", "/api/v1/nonexistent")]
    [InlineData("POST", "/api/v1/orders/1/2")]
    [InlineData("DELETE", "/api/v1/orders//")]
    [InlineData("DELETE", "/api/v1/otc/offers//")]
    [InlineData("POST", "/api/nonexistent")]
    public async Task A_change_sent_to_an_unknown_api_address_is_404(string method, string path)
    {
        var client = await ApiClient.CreateAsync(_factory, $"nowhere-{Guid.NewGuid():N}@test.local", dollars: 100);

        var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "GET" or "DELETE" ? null : JsonContent.Create(new { side = "buy", price = 0.0200m, quantity = 10 }),
        });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(response.Content.Headers.Allow);
        Assert.Equal("not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    /// <summary>An address the API has only for reading is 405 to a change, naming the methods its endpoints take there.</summary>
    [Theory]
    [InlineData("PUT", "/api/v1/wallet", "GET, HEAD")]
    [InlineData("DELETE", "/api/v1/wallet/", "GET, HEAD")]
    [InlineData("POST", "/api/v1/wallet/postings", "GET, HEAD")]
    [InlineData("POST", "/api/reference", "GET, HEAD")]
    public async Task A_change_sent_to_an_address_the_api_only_reads_is_405_naming_the_api_methods(string method, string path, string allow)
    {
        var client = await ApiClient.CreateAsync(_factory, $"readonly-{Guid.NewGuid():N}@test.local", dollars: 100);

        var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal("method_not_allowed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    /// <summary>
    /// A change sent to an address whose last segment is missing ("/orders/" + an empty id) is refused and changes
    /// nothing: routing reads "/orders/" as "/orders", where DELETE cancels every order.
    /// </summary>
    [Theory]
    [InlineData("DELETE", "/api/v1/orders/")]
    [InlineData("PATCH", "/api/v1/orders/")]
    [InlineData("DELETE", "/api/v1/otc/requests/")]
    public async Task A_change_sent_to_an_address_with_its_id_missing_is_refused_and_changes_nothing(string method, string path)
    {
        var client = await ApiClient.CreateAsync(_factory, $"slash-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 100);
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10 })).StatusCode);

        var refused = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "DELETE" ? null : JsonContent.Create(new { side = "sell", quantity = 10 }),
        });

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("not_found", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(1, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=open"))!.Total);
        Assert.Empty((await client.Http.GetFromJsonAsync<JsonElement[]>("/api/v1/otc/requests/mine"))!);
    }

    /// <summary>A collection's own address with a trailing slash is still the collection: POST /orders/ places, as POST /orders does.</summary>
    [Fact]
    public async Task A_placement_at_the_collection_address_with_a_trailing_slash_still_places()
    {
        var client = await ApiClient.CreateAsync(_factory, $"slash-post-{Guid.NewGuid():N}@test.local", dollars: 100);

        var placed = await client.Http.PostAsJsonAsync("/api/v1/orders/", new { side = "buy", price = 0.0200m, quantity = 10 });

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
    }

    [Fact]
    public async Task An_address_longer_than_the_limit_is_414_with_a_problem()
    {
        var http = _factory.CreateClient();
        var padding = new string('a', RequestEdges.MaxTargetLength);

        var api = await http.GetAsync($"/api/v1/market/trades?x={padding}");
        var page = await http.GetAsync($"/market?x={padding}");

        Assert.Equal(HttpStatusCode.RequestUriTooLong, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("uri_too_long", problem.GetProperty("code").GetString());
        Assert.Equal("URI too long", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.RequestUriTooLong, page.StatusCode);
        Assert.Contains("characters long", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/market?x={padding[..1000]}")).StatusCode);
    }

    [Fact]
    public async Task Headers_larger_than_the_limit_are_431_with_a_problem()
    {
        var http = _factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/market/ticker");
        request.Headers.Add("X-Padding", new string('a', RequestEdges.MaxHeaderBytes));

        var refused = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("headers_too_large", problem.GetProperty("code").GetString());
        Assert.Equal("Request header fields too large", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task An_oversized_request_is_refused_for_its_size_before_its_api_key_is_read(string? key)
    {
        var http = _factory.CreateClient();
        if (key is not null)
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var longAddress = await http.GetAsync($"/api/v1/wallet?x={new string('a', RequestEdges.MaxTargetLength)}");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/wallet");
        request.Headers.Add("X-Padding", new string('a', RequestEdges.MaxHeaderBytes));
        var largeHeaders = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, longAddress.StatusCode);
        Assert.Equal("uri_too_long", (await longAddress.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, largeHeaders.StatusCode);
        Assert.Equal("headers_too_large", (await largeHeaders.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("ASC")]
    [InlineData("Desc")]
    public async Task Leaderboard_order_is_read_in_any_case_as_sort_is(string order)
    {
        var response = await _factory.CreateClient().GetAsync($"/api/v1/leaderboard?sort=JOBS&order={order}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Every_time_the_api_writes_is_utc_with_a_z()
    {
        var seller = await ApiClient.CreateAsync(_factory, $"utc-seller-{Guid.NewGuid():N}@test.local", xp: 1_000);
        var buyer = await ApiClient.CreateAsync(_factory, $"utc-buyer-{Guid.NewGuid():N}@test.local", dollars: 100);
        await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0200m, quantity = 10 });
        await buyer.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10 });

        var trades = await buyer.Http.GetFromJsonAsync<JsonElement>("/api/v1/market/trades?limit=5");
        var mine = await buyer.Http.GetFromJsonAsync<JsonElement>("/api/v1/trades/mine");

        var printed = trades.EnumerateArray().First().GetProperty("time").GetString()!;
        Assert.EndsWith("Z", printed);
        Assert.EndsWith("Z", mine.GetProperty("items").EnumerateArray().First().GetProperty("time").GetString()!);
    }

    [Fact]
    public async Task A_header_value_outside_ascii_is_answered_by_the_app_with_a_problem_not_a_bare_server_400()
    {
        await using var app = new AppFactory();
        app.UseKestrel(0);
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var trader = await ApiClient.CreateAsync(app, $"utf8-key-{Guid.NewGuid():N}@test.local", dollars: 10, xp: 1_000);

        // Clients cannot be trusted to send ASCII: curl sends a UTF-8 "clé" as it is typed.
        var burn = await RawAsync(address, "POST /api/v1/burns HTTP/1.1", $"X-Api-Key: {trader.Key}", "Idempotency-Key: cl\u00e9-1",
            "Content-Type: application/json", "Content-Length: 15", "", "{\"quantity\":10}");
        var keyless = await RawAsync(address, "GET /api/v1/wallet HTTP/1.1", "X-Api-Key: cl\u00e9", "", "");
        var page = await RawAsync(address, "GET /api/v1/market/ticker HTTP/1.1", "X-Note: na\u00efve", "", "");

        Assert.StartsWith("HTTP/1.1 400", burn);
        Assert.Contains("application/problem+json", burn);
        Assert.Contains("Idempotency-Key", burn[burn.IndexOf("\r\n\r\n", StringComparison.Ordinal)..]);
        Assert.StartsWith("HTTP/1.1 401", keyless);
        Assert.Contains("application/problem+json", keyless);
        Assert.StartsWith("HTTP/1.1 200", page);
        var wallet = await trader.Http.GetFromJsonAsync<JsonElement>(new Uri(address, "/api/v1/wallet"));
        Assert.Equal(1_000, wallet.GetProperty("xpAvailable").GetInt64());
    }

    /// <summary>
    /// A request with more header fields than the app reads is refused by the app with a 431 problem naming the count,
    /// over real Kestrel (whose own limit answers a bare 431 with no body), and one just under the limit is served.
    /// </summary>
    [Fact]
    public async Task Too_many_header_fields_are_431_with_a_problem_not_a_bare_server_answer()
    {
        await using var app = new AppFactory();
        app.UseKestrel(0);
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        string[] Padded(int count) => ["GET /api/v1/time HTTP/1.1", .. Enumerable.Range(1, count).Select(i => $"X-H{i}: v"), "", ""];

        var refused = await RawAsync(address, Padded(150));
        var served = await RawAsync(address, Padded(RequestEdges.MaxHeaderCount - 3));

        Assert.StartsWith("HTTP/1.1 431", refused);
        Assert.Contains("application/problem+json", refused);
        Assert.Contains("headers_too_large", refused);
        Assert.Contains($"at most {RequestEdges.MaxHeaderCount}", refused);
        Assert.StartsWith("HTTP/1.1 200", served);
    }

    /// <summary>
    /// A body that stops short of its Content-Length, the connection left open, is a 408 problem (request_timeout) once
    /// the server stops waiting, as the API document declares, and nothing is applied: at an endpoint that takes a body
    /// it was a bare "the request failed", at one that takes none (cancel all) 400 invalid_request, as if malformed.
    /// </summary>
    [Theory]
    [InlineData("POST /api/v1/burns")]
    [InlineData("DELETE /api/v1/orders")]
    public async Task A_body_that_never_arrives_whole_is_408_request_timeout_and_changes_nothing(string request)
    {
        await using var app = new AppFactory();
        app.UseKestrel(0);
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var trader = await ApiClient.CreateAsync(app, $"slow-body-{Guid.NewGuid():N}@test.local", dollars: 10, xp: 1_000);

        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n",
            $"{request} HTTP/1.1", $"Host: {address.Authority}", $"X-Api-Key: {trader.Key}", "Content-Type: application/json",
            "Content-Length: 50", "", "{\"amount\":10")));
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var answer = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var rest = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) is { } line)
        {
            rest.AppendLine(line);
            if (line.Contains("request_timeout", StringComparison.Ordinal))
                break;
        }

        Assert.True(answer?.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer + "\n" + rest);
        Assert.Contains("application/problem+json", rest.ToString());
        Assert.True(rest.ToString().Contains("request_timeout", StringComparison.Ordinal), rest.ToString());
        var wallet = await trader.Http.GetFromJsonAsync<JsonElement>(new Uri(address, "/api/v1/wallet"));
        Assert.Equal(1_000, wallet.GetProperty("xpAvailable").GetInt64());
    }

    // Sends one HTTP/1.1 request as UTF-8 bytes, exactly as written (HttpClient refuses non-ASCII header values), and
    // returns the whole answer as text.
    private static async Task<string> RawAsync(Uri server, params string[] lines)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        var head = new List<string> { lines[0], $"Host: {server.Authority}", "Connection: close" };
        head.AddRange(lines[1..]);
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", head)));
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
