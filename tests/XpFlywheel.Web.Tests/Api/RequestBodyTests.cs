using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>
/// A request body means exactly what it says: XP quantities are read from numbers and strings as bots send them, and a
/// field the API does not know is refused rather than silently left at its default.
/// </summary>
public sealed partial class RequestBodyTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("100")]
    [InlineData("\"100\"")]
    [InlineData("100.0")]
    [InlineData("\"100.00000000\"")]
    [InlineData("1e2")]
    [InlineData("\"1E+2\"")]
    public async Task An_XP_quantity_is_read_from_a_whole_number_or_a_string_holding_one(string quantity)
    {
        var client = await ApiClient.CreateAsync(factory, $"qty-{Guid.NewGuid():N}@test.local", xp: 1_000);

        var response = await PostAsync(client, "/api/v1/orders", $"{{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":{quantity}}}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order");
        Assert.Equal(100, order.GetProperty("quantity").GetInt64());
    }

    [Theory]
    [InlineData("/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":\"100.5\"}", "quantity")]
    [InlineData("/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":\"1e30\"}", "quantity")]
    [InlineData("/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":\" 100\"}", "quantity")]
    [InlineData("/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":\"0x64\"}", "quantity")]
    [InlineData("/api/v1/burns", "{\"amount\":\"12.25\"}", "amount")]
    [InlineData("/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":\"+100\"}", "quantity")]
    [InlineData("/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":\"100.\"}", "quantity")]
    [InlineData("/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\".03\",\"quantity\":100}", "price")]
    [InlineData("/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"+0.0300\",\"quantity\":100}", "price")]
    public async Task A_quantity_with_a_fraction_or_out_of_range_is_a_400_naming_it_and_changes_nothing(string path, string body, string field)
    {
        var client = await ApiClient.CreateAsync(factory, $"qty-bad-{Guid.NewGuid():N}@test.local", xp: 1_000);

        var response = await PostAsync(client, path, body);

        await AssertRefusedAsync(response, field);
        await AssertUnchangedAsync(client, xp: 1_000);
    }

    [Theory]
    [InlineData("/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":100,\"time_in_force\":\"ioc\"}", "time_in_force")]
    [InlineData("/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":100,\"stopPrice\":\"0.0250\"}", "stopPrice")]
    [InlineData("/api/v1/burns", "{\"amount\":100,\"dryRun\":true}", "dryRun")]
    public async Task A_field_the_request_does_not_have_is_refused_naming_it_and_changes_nothing(string path, string body, string field)
    {
        var client = await ApiClient.CreateAsync(factory, $"unknown-{Guid.NewGuid():N}@test.local", xp: 1_000);

        var response = await PostAsync(client, path, body);

        await AssertRefusedAsync(response, field);
        await AssertUnchangedAsync(client, xp: 1_000);
    }

    [Fact]
    public async Task Every_field_the_request_does_not_have_is_named_not_only_the_first()
    {
        var client = await ApiClient.CreateAsync(factory, $"unknown-all-{Guid.NewGuid():N}@test.local", xp: 1_000);

        var response = await PostAsync(client, "/api/v1/orders",
            "{\"side\":\"sell\",\"stopPrice\":\"0.02\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":100,\"icebergQty\":5,\"STOPPRICE\":1,\"newClientOrderId\":\"a\"}");

        var problem = await AssertRefusedAsync(response, "stopPrice");
        var named = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Equal(["stopPrice", "icebergQty", "newClientOrderId"], named);
        await AssertUnchangedAsync(client, xp: 1_000);
    }

    [Theory]
    [InlineData("{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":100,\"quantity\":200}", "quantity")]
    [InlineData("{\"side\":\"sell\",\"Side\":\"buy\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":100}", "side")]
    public async Task A_field_named_twice_is_refused_saying_so_and_changes_nothing(string body, string field)
    {
        var client = await ApiClient.CreateAsync(factory, $"twice-{Guid.NewGuid():N}@test.local", xp: 1_000);

        var response = await PostAsync(client, "/api/v1/orders", body);

        var problem = await AssertRefusedAsync(response, field);
        Assert.Contains("more than once", problem.GetProperty("errors").GetProperty(field)[0].GetString());
        await AssertUnchangedAsync(client, xp: 1_000);
    }

    [Fact]
    public async Task An_unknown_field_is_named_whole_even_with_a_quote_or_a_character_cut_at_its_limit()
    {
        var client = await ApiClient.CreateAsync(factory, $"unknown-name-{Guid.NewGuid():N}@test.local", xp: 1_000);
        var longName = new string('a', 63) + "😀";

        var quoted = await PostAsync(client, "/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":100,\"it's\":1}");
        var cut = await PostAsync(client, "/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":100,\"" + longName + "\":1}");

        await AssertRefusedAsync(quoted, "it's");
        await AssertRefusedAsync(cut, new string('a', 63));
        await AssertUnchangedAsync(client, xp: 1_000);
    }

    /// <summary>A body that is not declared JSON is one error, 415, whether it has no Content-Type or another one.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_not_declared_as_json_is_a_415_problem_with_or_without_a_content_type(string? contentType)
    {
        var client = await ApiClient.CreateAsync(factory, $"media-{Guid.NewGuid():N}@test.local", xp: 1_000);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":100}"));
        if (contentType is not null)
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await client.Http.PostAsync("/api/v1/orders", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unsupported_media_type", problem.GetProperty("code").GetString());
        await AssertUnchangedAsync(client, xp: 1_000);
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("gzip", false)]
    [InlineData("br", false)]
    [InlineData("deflate,gzip", false)]
    public async Task A_body_with_a_content_encoding_is_a_415_problem_and_changes_nothing(string coding, bool compressed)
    {
        var client = await ApiClient.CreateAsync(factory, $"coding-{Guid.NewGuid():N}@test.local", xp: 1_000);
        var json = Encoding.UTF8.GetBytes("{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":100}");
        if (compressed)
        {
            using var packed = new MemoryStream();
            await using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                await gzip.WriteAsync(json);
            json = packed.ToArray();
        }
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json");
        foreach (var each in coding.Split(','))
            content.Headers.ContentEncoding.Add(each);

        var response = await client.Http.PostAsync("/api/v1/orders", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unsupported_media_type", problem.GetProperty("code").GetString());
        Assert.Contains("Content-Encoding", problem.GetProperty("detail").GetString());
        await AssertUnchangedAsync(client, xp: 1_000);
        // Without the header the same JSON is read as always.
        var plain = new StringContent("{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":100}", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsync("/api/v1/orders", plain)).StatusCode);
    }

    [Fact]
    public async Task A_body_in_a_charset_the_api_does_not_read_is_a_415_problem_not_a_500()
    {
        var client = await ApiClient.CreateAsync(factory, $"charset-{Guid.NewGuid():N}@test.local", xp: 1_000);
        var content = new StringContent("{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":100}", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=bogus");

        var response = await client.Http.PostAsync("/api/v1/orders", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unsupported_media_type", problem.GetProperty("code").GetString());
        Assert.Contains("bogus", problem.GetProperty("detail").GetString());
        await AssertUnchangedAsync(client, xp: 1_000);
    }

    [Theory]
    [InlineData("/api/v1/orders", "{\"side\":\"sell\",\"type\":\"limit\",\"price\":\"0.0300\",\"quantity\":100}")]
    [InlineData("/api/v1/orders/cancel-after", "{\"seconds\":60}")]
    [InlineData("/api/v1/agents", "{\"name\":\"charset agent\"}")]
    public async Task A_quoted_charset_is_read_as_the_bare_one_and_an_empty_or_unknown_one_is_a_415_problem_never_a_500(string path, string body)
    {
        var client = await ApiClient.CreateAsync(factory, $"charset-{Guid.NewGuid():N}@test.local", xp: 1_000);

        async Task<HttpResponseMessage> SendAsync(string contentType, Encoding encoding)
        {
            var content = new ByteArrayContent(encoding.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return await client.Http.PostAsync(path, content);
        }

        foreach (var refused in new[] { "application/json; charset=", "application/json; charset=\"\"", "application/json; charset=\"bogus\"" })
        {
            var response = await SendAsync(refused, Encoding.UTF8);
            Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{refused}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("unsupported_media_type", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        await AssertUnchangedAsync(client, xp: 1_000);

        // HTTP lets a parameter's value be quoted: charset="utf-8" is charset=utf-8, and a UTF-16 body says so the same way.
        var quoted = await SendAsync("application/json; charset=\"utf-8\"", Encoding.UTF8);
        Assert.True(quoted.IsSuccessStatusCode, $"{quoted.StatusCode}: {await quoted.Content.ReadAsStringAsync()}");
        if (path != "/api/v1/agents")
        {
            var utf16 = await SendAsync("application/json; charset=\"utf-16\"", Encoding.Unicode);
            Assert.True(utf16.IsSuccessStatusCode, $"{utf16.StatusCode}: {await utf16.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// A body that is not exactly one well-formed JSON value (cut off, or two values) is 400 <c>invalid_request</c> at every
    /// endpoint that changes something, whether or not it takes a body: the reader could stop first at a field the
    /// request does not have or one it left out, and some endpoints answered <c>validation_failed</c> naming that field.
    /// </summary>
    [Theory]
    [InlineData("{\"side\":")]
    [InlineData("{} {}")]
    [InlineData("{\"name\":\"a\",\"amount\":1,\"agentId\":1} {\"x\":1}")]
    public async Task A_body_that_is_not_one_well_formed_json_value_is_invalid_request_at_every_endpoint(string body)
    {
        var client = await ApiClient.CreateAsync(factory, $"malformed-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 1_000);
        var changes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE")
                .Select(method => (Method: method, Path: RouteIds().Replace(e.RoutePattern.RawText!, "1").TrimEnd('/'))))
            .ToList();
        Assert.Contains(("POST", "/api/v1/agents"), changes);
        Assert.Contains(("PATCH", "/api/v1/orders/1"), changes);
        Assert.Contains(("POST", "/api/v1/otc/quotes/1/accept"), changes);

        var wrong = new List<string>();
        foreach (var (method, path) in changes)
        {
            var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            });
            var code = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()
                : null;
            if (response.StatusCode != HttpStatusCode.BadRequest || code != "invalid_request")
                wrong.Add($"{method} {path}: {(int)response.StatusCode} {code}");
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        await AssertUnchangedAsync(client, xp: 1_000);
    }

    /// <summary>
    /// A body that is one well-formed JSON value but not an object (an array, a string, a number, a flag, or null where
    /// the body is required) is wrong in content, not unreadable: 400 <c>validation_failed</c> naming <c>body</c> at
    /// every endpoint that reads its fields from a body, and nothing changes.
    /// </summary>
    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"side\":\"buy\"}]")]
    [InlineData("\"text\"")]
    [InlineData("5")]
    [InlineData("true")]
    [InlineData("null")]
    public async Task A_well_formed_body_that_is_not_an_object_is_validation_failed_naming_the_body(string body)
    {
        var client = await ApiClient.CreateAsync(factory, $"notobject-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 1_000);
        var takingBodies = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true
                && e.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts && !(body == "null" && accepts.IsOptional))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE")
                .Select(method => (Method: method, Path: RouteIds().Replace(e.RoutePattern.RawText!, "1").TrimEnd('/'))))
            .ToList();
        Assert.Contains(("POST", "/api/v1/orders"), takingBodies);
        Assert.Contains(("POST", "/api/v1/burns"), takingBodies);

        var wrong = new List<string>();
        foreach (var (method, path) in takingBodies)
        {
            var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            });
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? await response.Content.ReadFromJsonAsync<JsonElement>()
                : default;
            if (response.StatusCode != HttpStatusCode.BadRequest || problem.ValueKind != JsonValueKind.Object
                || problem.GetProperty("code").GetString() != "validation_failed" || !problem.GetProperty("errors").TryGetProperty("body", out _))
                wrong.Add($"{method} {path}: {(int)response.StatusCode} {(problem.ValueKind == JsonValueKind.Object ? problem.ToString() : "")}");
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        await AssertUnchangedAsync(client, xp: 1_000);
    }

    /// <summary>Only an unreadable body is invalid_request: a well-formed one, in UTF-16 or after a byte order mark, still has its wrong field named.</summary>
    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-8")]
    public async Task A_well_formed_body_in_any_charset_the_api_reads_still_has_its_wrong_field_named(string charset)
    {
        var client = await ApiClient.CreateAsync(factory, $"named-{Guid.NewGuid():N}@test.local", xp: 1_000);
        var encoding = Encoding.GetEncoding(charset);
        var content = new ByteArrayContent([.. encoding.GetPreamble(), .. encoding.GetBytes("{\"amount\":100,\"dryRun\":true}")]);
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");

        var response = await client.Http.PostAsync("/api/v1/burns", content);

        await AssertRefusedAsync(response, "dryRun");
        await AssertUnchangedAsync(client, xp: 1_000);
    }

    [System.Text.RegularExpressions.GeneratedRegex("\\{[^}]*\\}")]
    private static partial System.Text.RegularExpressions.Regex RouteIds();

    private static Task<HttpResponseMessage> PostAsync(ApiClient client, string path, string body) =>
        client.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
        return problem;
    }

    private static async Task AssertUnchangedAsync(ApiClient client, long xp)
    {
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
        Assert.Equal(xp, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
    }
}
