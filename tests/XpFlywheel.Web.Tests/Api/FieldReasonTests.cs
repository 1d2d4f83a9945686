using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>
/// A body value the API's own converters refuse is answered with the reason, under the field's name: out of range,
/// a fraction of XP, not a number, a time without its offset. Nothing is changed.
/// </summary>
public sealed class FieldReasonTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static async Task<string> ReasonAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        return problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>
    /// A field name the request does not have is named back with its control characters escaped (<c>\u0000</c>), so a
    /// problem never carries a raw NUL or line break into a client's log.
    /// </summary>
    [Fact]
    public async Task An_unknown_field_is_named_with_its_control_characters_escaped()
    {
        var client = await ApiClient.CreateAsync(factory, $"ctl-{Guid.NewGuid():N}@test.local", dollars: 1);

        var response = await client.Http.PostAsync("/api/v1/orders",
            Json("{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":1,\"amount\\u0000\\n\":1}"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        var (name, reasons) = errors.EnumerateObject().Select(p => (p.Name, p.Value)).Single();
        Assert.Equal("amount\\u0000\\u000A", name);
        Assert.DoesNotContain(reasons[0].GetString()!, char.IsControl);
    }

    [Theory]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":1e30}", "quantity", "out of range")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":\"1e30\"}", "quantity", "out of range")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":1e400,\"quantity\":1}", "price", "out of range")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":\"8e28\",\"quantity\":1}", "price", "out of range")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":1.5}", "quantity", "no fractions")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":\"two cents\",\"quantity\":1}", "price", "Expected a decimal number")]
    // A whole-number field refuses in its own words, not the decimal fields' ("such as 0.0115").
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":\"abc\"}", "quantity", "Expected a whole number")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":\"100 \"}", "quantity", "Expected a whole number")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.020000000000000000000000000000000001,\"quantity\":1}", "price", "more digits than can be kept exactly")]
    // A whole number of 29 digits or more is out of range, not "not a whole number".
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":79228162514264337593543950335}", "quantity", "out of range")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":\"79228162514264337593543950335\"}", "quantity", "out of range")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":0.02,\"quantity\":100000000000000000000000000000000}", "quantity", "out of range")]
    // A tiny number is more decimal places than are kept, not "far beyond any amount".
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":1e-99999999999,\"quantity\":1}", "price", "too close to zero to be kept exactly")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":\"1e-99999999999\",\"quantity\":1}", "price", "too close to zero to be kept exactly")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":1e-400,\"quantity\":1}", "price", "far below the smallest price")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":1e-40,\"quantity\":1}", "price", "far below the smallest price")]
    [InlineData("{\"side\":\"buy\",\"type\":\"limit\",\"price\":\"0.00000000000000000000000000001\",\"quantity\":1}", "price", "far below the smallest price")]
    public async Task A_refused_number_is_answered_with_its_reason(string body, string field, string reason)
    {
        var client = await ApiClient.CreateAsync(factory, $"reason-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 100);

        var said = await ReasonAsync(await client.Http.PostAsync("/api/v1/orders", Json(body)), field);

        Assert.StartsWith(field + " ", said, StringComparison.Ordinal);
        Assert.Contains(reason, said, StringComparison.Ordinal);
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
    }

    /// <summary>Zero is zero at any exponent: <c>0e-99999999999</c> was refused as a number far beyond any amount.</summary>
    [Theory]
    [InlineData("0e-99999999999")]
    [InlineData("\"0e-99999999999\"")]
    [InlineData("0.000e99999999999")]
    public async Task Zero_with_any_exponent_is_read_as_zero(string price)
    {
        var client = await ApiClient.CreateAsync(factory, $"zero-{Guid.NewGuid():N}@test.local", dollars: 100);

        var said = await ReasonAsync(await client.Http.PostAsync("/api/v1/orders", Json($"{{\"side\":\"buy\",\"type\":\"limit\",\"price\":{price},\"quantity\":1}}")), "price");

        Assert.Equal("A limit order needs a price above zero.", said);
    }

    /// <summary>
    /// Text that is not valid Unicode (a lone surrogate escape, a byte that is no UTF-8) is refused as such under its
    /// field, not with the catch-all that speaks of numbers.
    /// </summary>
    [Theory]
    [InlineData("\"bot\\ud800\"")]
    [InlineData("\"\\udc00bot\"")]
    public async Task Text_that_is_not_valid_unicode_is_refused_as_such(string clientOrderId)
    {
        var client = await ApiClient.CreateAsync(factory, $"utf-{Guid.NewGuid():N}@test.local", dollars: 100);

        var said = await ReasonAsync(await client.Http.PostAsync("/api/v1/orders", Json($"{{\"side\":\"buy\",\"price\":0.02,\"quantity\":1,\"clientOrderId\":{clientOrderId}}}")), "clientOrderId");

        Assert.Contains("not valid Unicode text", said, StringComparison.Ordinal);
        Assert.DoesNotContain("number", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_with_a_byte_that_is_no_utf8_is_refused_as_such()
    {
        var client = await ApiClient.CreateAsync(factory, $"utf8-{Guid.NewGuid():N}@test.local", dollars: 100);
        var body = Encoding.UTF8.GetBytes("{\"side\":\"buy\",\"price\":0.02,\"quantity\":1,\"clientOrderId\":\"bot\u00001\"}");
        body[Array.IndexOf(body, (byte)0)] = 0xFF;
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await client.Http.PostAsync("/api/v1/orders", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var said = problem.TryGetProperty("errors", out var errors) ? errors.GetProperty("clientOrderId")[0].GetString()! : problem.GetProperty("detail").GetString()!;
        Assert.Contains("not valid Unicode text", said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"2030-01-01T12:00:00\"")]
    [InlineData("\"2030-01-01\"")]
    [InlineData("\"tomorrow\"")]
    [InlineData("-5")]
    [InlineData("1.5e20")]
    [InlineData("1796298683")]
    [InlineData("\"12/01/2030 13:00+05\"")]
    [InlineData("\"9999-12-31T23:59:59-14:00\"")]
    public async Task An_otc_expiry_without_its_offset_is_refused_not_guessed(string expiresAt)
    {
        await factory.Services.GetRequiredService<ExchangeHost>().ExecuteAsync(s => s.Engine.SetReferencePrice(new Price(200)));
        var client = await ApiClient.CreateAsync(factory, $"expiry-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 1_000);

        var response = await client.Http.PostAsync("/api/v1/otc/offers",
            Json($"{{\"side\":\"sell\",\"price\":\"0.0200\",\"quantity\":100,\"expiresAt\":{expiresAt}}}"));

        Assert.Contains("expiresAt is not valid.", await ReasonAsync(response, "expiresAt"), StringComparison.Ordinal);
        Assert.Empty((await client.Http.GetFromJsonAsync<JsonElement[]>("/api/v1/otc/offers/mine"))!);
    }

    [Fact]
    public async Task An_expiry_in_seconds_is_told_it_looks_like_seconds()
    {
        var client = await ApiClient.CreateAsync(factory, $"seconds-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 1_000);

        var response = await client.Http.PostAsync("/api/v1/otc/offers", Json("{\"side\":\"sell\",\"price\":\"0.0200\",\"quantity\":100,\"expiresAt\":1796298683}"));

        Assert.Contains("looks like seconds", await ReasonAsync(response, "expiresAt"), StringComparison.Ordinal);
    }

    /// <summary>
    /// An expiry in milliseconds that is not a whole number of them, or beyond any time, is refused as a time: the
    /// reason speaks of milliseconds, not of XP, ids and seconds, which a time field does not take.
    /// </summary>
    [Theory]
    [InlineData("1796298683378.5")]
    [InlineData("\"1796298683378.5\"")]
    [InlineData("1e30")]
    public async Task An_expiry_in_milliseconds_that_is_no_whole_time_is_refused_as_a_time(string expiresAt)
    {
        var client = await ApiClient.CreateAsync(factory, $"ms-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 1_000);

        var response = await client.Http.PostAsync("/api/v1/otc/offers",
            Json($"{{\"side\":\"sell\",\"price\":\"0.0200\",\"quantity\":100,\"expiresAt\":{expiresAt}}}"));

        var said = await ReasonAsync(response, "expiresAt");
        Assert.Contains("milliseconds", said, StringComparison.Ordinal);
        Assert.DoesNotContain("XP", said, StringComparison.Ordinal);
        Assert.DoesNotContain("quantity", said, StringComparison.Ordinal);
        Assert.Empty((await client.Http.GetFromJsonAsync<JsonElement[]>("/api/v1/otc/offers/mine"))!);
    }

    [Fact]
    public async Task An_otc_expiry_with_an_offset_or_in_unix_milliseconds_is_the_same_instant()
    {
        await factory.Services.GetRequiredService<ExchangeHost>().ExecuteAsync(s => s.Engine.SetReferencePrice(new Price(200)));
        var client = await ApiClient.CreateAsync(factory, $"instant-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 1_000);
        var at = new DateTimeOffset(DateTime.UtcNow.AddHours(2).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);

        foreach (var expiresAt in new[]
                 {
                     $"\"{at.ToOffset(TimeSpan.FromHours(5.5)):yyyy-MM-ddTHH:mm:sszzz}\"",
                     $"\"{at:yyyy-MM-ddTHH:mm:ss}Z\"",
                     $"\"{at.ToOffset(TimeSpan.FromHours(-3)):yyyy-MM-ddTHH:mm:ss}-0300\"",
                     $"\"{at.ToOffset(TimeSpan.FromHours(5)):yyyy-MM-ddTHH:mm:ss}+05\"",
                     at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                     $"\"{at.ToUnixTimeMilliseconds()}\"",
                     $"{at.ToUnixTimeMilliseconds()}.0",
                 })
        {
            var response = await client.Http.PostAsync("/api/v1/otc/offers",
                Json($"{{\"side\":\"sell\",\"price\":\"0.0200\",\"quantity\":100,\"expiresAt\":{expiresAt}}}"));

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var offer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(at.UtcDateTime, offer.GetProperty("expiresAt").GetDateTime().ToUniversalTime());
            Assert.EndsWith("Z", offer.GetProperty("expiresAt").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A text field takes a JSON string and nothing else: a number is not read as its text, so 1.6E-2 is no client
    /// order id (and not the same one as "1.6E-2"), and 1e400 is not stored as "1e400". Nothing is changed.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":0.02,\"quantity\":1,\"clientOrderId\":1e400}", "clientOrderId", "must be a string")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":0.02,\"quantity\":1,\"clientOrderId\":1.5}", "clientOrderId", "must be a string")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":0.02,\"quantity\":1,\"clientOrderId\":1.6E-2}", "clientOrderId", "must be a string")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":0.02,\"quantity\":1,\"clientOrderId\":true}", "clientOrderId", "must be a string")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":0.02,\"quantity\":1,\"clientOrderId\":{}}", "clientOrderId", "must be a string")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":0.02,\"quantity\":1,\"clientOrderId\":[\"a\"]}", "clientOrderId", "must be a string")]
    [InlineData("/api/v1/orders", "{\"side\":1,\"price\":0.02,\"quantity\":1}", "side", "must be a string")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"type\":0,\"price\":0.02,\"quantity\":1}", "type", "must be a string")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":0.02,\"quantity\":1,\"timeInForce\":1}", "timeInForce", "must be a string")]
    [InlineData("/api/v1/orders", "{\"side\":\"buy\",\"price\":0.02,\"quantity\":1,\"postOnly\":\"yes\"}", "postOnly", "must be true or false")]
    [InlineData("/api/v1/agents", "{\"name\":12}", "name", "must be a string")]
    [InlineData("/api/v1/agents", "{\"name\":\"text only\",\"description\":1e400}", "description", "must be a string")]
    [InlineData("/api/v1/otc/offers", "{\"side\":0,\"price\":0.02,\"quantity\":1,\"expiresAt\":\"2030-01-01T00:00:00Z\"}", "side", "must be a string")]
    [InlineData("/api/v1/otc/requests", "{\"side\":false,\"quantity\":1}", "side", "must be a string")]
    public async Task A_text_field_sent_a_number_or_anything_but_a_string_is_refused_naming_it(string path, string body, string field, string reason)
    {
        var client = await ApiClient.CreateAsync(factory, $"text-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 100);

        var said = await ReasonAsync(await client.Http.PostAsync(path, Json(body)), field);

        Assert.StartsWith(field + " ", said, StringComparison.Ordinal);
        Assert.Contains(reason, said, StringComparison.Ordinal);
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders"))!.Total);
        Assert.Empty((await client.Http.GetFromJsonAsync<JsonElement[]>("/api/v1/agents"))!);
        Assert.Empty((await client.Http.GetFromJsonAsync<JsonElement[]>("/api/v1/otc/offers/mine"))!);
    }

    /// <summary>A client order id left null is one left out; one sent as text is kept exactly as sent.</summary>
    [Fact]
    public async Task A_client_order_id_is_null_or_a_string_kept_as_sent()
    {
        var client = await ApiClient.CreateAsync(factory, $"text-ok-{Guid.NewGuid():N}@test.local", dollars: 100, xp: 100);

        var none = await client.Http.PostAsync("/api/v1/orders", Json("{\"side\":\"buy\",\"price\":0.02,\"quantity\":1,\"clientOrderId\":null}"));
        var text = await client.Http.PostAsync("/api/v1/orders", Json("{\"side\":\"buy\",\"price\":0.02,\"quantity\":1,\"clientOrderId\":\"1.6E-2\"}"));

        Assert.Equal(HttpStatusCode.Created, none.StatusCode);
        Assert.Equal(HttpStatusCode.Created, text.StatusCode);
        var found = (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?clientOrderId=1.6E-2"))!;
        Assert.Equal("1.6E-2", Assert.Single(found.Items).ClientOrderId);
        Assert.Empty((await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?clientOrderId=0.016"))!.Items);
    }
}
