using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>The OpenAPI document tells a client generator everything: what succeeds, how it fails, and what needs a key.</summary>
public sealed class OpenApiCompletenessTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task Every_operation_documents_a_success_schema_its_problem_responses_and_its_key()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var gaps = new List<string>();

        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var op = operation.Value;
                var responses = op.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);
                var successes = responses.Where(r => r.Key.StartsWith('2')).ToList();
                if (successes.Count == 0)
                    gaps.Add($"{name}: no success response");
                foreach (var (status, response) in successes)
                {
                    if (status != "204" && !(response.TryGetProperty("content", out var content) && content.EnumerateObject().Any(c => c.Value.TryGetProperty("schema", out _))))
                        gaps.Add($"{name}: {status} has no schema");
                }
                var keyed = op.TryGetProperty("security", out var security) && security.EnumerateArray().Any(s => s.TryGetProperty("ApiKey", out _));
                var anonymous = path.Name.StartsWith("/api/v1/market", StringComparison.Ordinal) || path.Name.StartsWith("/api/v1/epochs", StringComparison.Ordinal)
                    || path.Name is "/api/v1/time" or "/api/v1/leaderboard" or "/api/v1/tiers";
                if (!anonymous && !keyed)
                    gaps.Add($"{name}: no ApiKey security");
                // A body over the limit, or one the API cannot read (a Content-Encoding, a charset other than UTF-8), is
                // refused before any endpoint runs, so every operation can answer 413 and 415, with a body or without.
                // So can a body that never arrives (408), an address or headers too long (414, 431).
                var problems = new List<string> { "400", "408", "413", "414", "415", "429", "431" };
                if (keyed)
                    problems.AddRange(["401", "403"]);
                if (operation.Name is "post" or "patch" or "delete")
                    problems.AddRange(["422", "503"]);
                if (path.Name.Contains('{', StringComparison.Ordinal))
                    problems.Add("404");
                foreach (var status in problems)
                {
                    if (!responses.TryGetValue(status, out var problem))
                        gaps.Add($"{name}: no {status}");
                    else if (!problem.GetProperty("content").TryGetProperty("application/problem+json", out _))
                        gaps.Add($"{name}: {status} is not problem details");
                }
            }
        }

        Assert.True(gaps.Count == 0, string.Join("\n", gaps));
    }

    [Theory]
    [InlineData("post", "/api/v1/orders", "201")]
    [InlineData("post", "/api/v1/agents", "201")]
    [InlineData("post", "/api/v1/jobs", "201")]
    [InlineData("post", "/api/v1/burns", "201")]
    [InlineData("post", "/api/v1/locks", "201")]
    [InlineData("get", "/api/v1/orders/{id}", "200")]
    [InlineData("post", "/api/v1/orders/cancel-after", "200")]
    [InlineData("get", "/api/v1/epochs/{number}/allocations", "409")]
    [InlineData("get", "/api/v1/epochs/current", "503")]
    public async Task Documented_status_codes_match_what_endpoints_return(string method, string path, string status)
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var responses = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");

        Assert.True(responses.TryGetProperty(status, out _), $"{method} {path} should document {status}: {responses}");
    }

    [Fact]
    public async Task Ids_in_bodies_are_documented_as_ids_not_as_amounts()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var wrong = document.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .Where(schema => schema.Value.TryGetProperty("properties", out _))
            .SelectMany(schema => schema.Value.GetProperty("properties").EnumerateObject()
                .Where(p => p.Name.EndsWith("Id", StringComparison.Ordinal) && p.Value.TryGetProperty("description", out var d) && d.GetString()!.Contains("XP", StringComparison.Ordinal))
                .Select(p => $"{schema.Name}.{p.Name}: {p.Value.GetProperty("description")}"))
            .ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_query_parameter_an_endpoint_refuses_to_go_without_is_documented_as_required_with_its_values()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var interval = document.GetProperty("paths").GetProperty("/api/v1/market/candles").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "interval");

        Assert.True(interval.TryGetProperty("required", out var required) && required.GetBoolean(), interval.ToString());
        Assert.Equal(["1m", "5m", "1h", "1d"], interval.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()!).ToArray());
        var without = await factory.CreateClient().GetAsync("/api/v1/market/candles");
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
    }

    [Theory]
    [InlineData("PlaceOrderBody", "price")]
    [InlineData("AmendOrderBody", "price")]
    [InlineData("RecordJobBody", "amount")]
    public async Task Prices_and_amounts_are_documented_as_numbers_or_decimal_strings(string body, string field)
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var property = document.GetProperty("components").GetProperty("schemas").GetProperty(body).GetProperty("properties").GetProperty(field);

        Assert.Contains("number", property.GetProperty("type").ToString());
        Assert.Contains("string", property.GetProperty("type").ToString());
    }

    [Fact]
    public async Task Placing_an_order_answers_the_201_the_document_promises()
    {
        var client = await ApiClient.CreateAsync(factory, $"openapi-{Guid.NewGuid():N}@test.local", dollars: 10);
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var placed = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0100m, quantity = 1 });

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var successes = document.GetProperty("paths").GetProperty("/api/v1/orders").GetProperty("post").GetProperty("responses")
            .EnumerateObject().Select(r => r.Name).Where(s => s.StartsWith('2'));
        Assert.Contains("201", successes);
    }

    [Theory]
    [InlineData("/api/v1/orders", "post", "201")]
    [InlineData("/api/v1/orders", "post", "200")]
    [InlineData("/api/v1/orders/{id}", "patch", "200")]
    [InlineData("/api/v1/burns", "post", "201")]
    [InlineData("/api/v1/otc/offers/{id}/take", "post", "201")]
    public async Task Every_keyed_change_documents_the_replayed_header_on_its_success(string path, string method, string status)
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var success = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status);

        Assert.True(success.TryGetProperty("headers", out var headers) && headers.TryGetProperty("Idempotent-Replayed", out _), $"{method} {path} {status}: {success}");
        var cancelAfter = document.GetProperty("paths").GetProperty("/api/v1/orders/cancel-after").GetProperty("post").GetProperty("responses").GetProperty("200");
        Assert.False(cancelAfter.TryGetProperty("headers", out var none) && none.TryGetProperty("Idempotent-Replayed", out _));
    }

    /// <summary>A body's required fields are those the request is refused without, so a generated client can leave the rest out.</summary>
    [Theory]
    [InlineData("PlaceOrderBody", "quantity,side")]
    [InlineData("PostOtcOfferBody", "expiresAt,price,quantity,side")]
    [InlineData("RegisterAgentBody", "name")]
    [InlineData("UnlockBody", "")]
    [InlineData("AmendOrderBody", "")]
    [InlineData("RecordJobBody", "amount,clientAgentId,providerAgentId,succeeded")]
    public async Task A_body_lists_as_required_only_what_the_request_is_refused_without(string body, string required)
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty(body);
        IEnumerable<string> listed = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!).Order(StringComparer.Ordinal).ToList() : [];

        Assert.Equal(required, string.Join(",", listed));
    }

    /// <summary>
    /// A request field is documented as nullable exactly when the API reads null as the field left out: a required
    /// field (side, name) is refused with null and was documented as nullable; a price or amend quantity reads null as
    /// absent and was documented as not; an unlock amount, an offer's minimum fill or its counterparty refuse null.
    /// </summary>
    [Theory]
    [InlineData("PlaceOrderBody", "side", false)]
    [InlineData("PlaceOrderBody", "quantity", false)]
    [InlineData("PlaceOrderBody", "price", true)]
    [InlineData("PlaceOrderBody", "type", true)]
    [InlineData("PlaceOrderBody", "postOnly", false)]
    [InlineData("AmendOrderBody", "quantity", true)]
    [InlineData("AmendOrderBody", "price", true)]
    [InlineData("PostOtcOfferBody", "side", false)]
    [InlineData("PostOtcOfferBody", "minimumFill", false)]
    [InlineData("PostOtcOfferBody", "counterpartyId", false)]
    [InlineData("RequestOtcQuotesBody", "side", false)]
    [InlineData("RegisterAgentBody", "name", false)]
    [InlineData("UnlockBody", "amount", false)]
    public async Task A_request_field_is_documented_as_nullable_exactly_when_null_reads_as_left_out(string body, string property, bool nullable)
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var field = document.GetProperty("components").GetProperty("schemas").GetProperty(body).GetProperty("properties").GetProperty(property);

        var types = field.GetProperty("type") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().Select(t => t.GetString()).ToList() : [field.GetProperty("type").GetString()];
        Assert.Equal(nullable, types.Contains("null"));
        if (field.TryGetProperty("enum", out var words))
            Assert.Equal(nullable, words.EnumerateArray().Any(w => w.ValueKind == JsonValueKind.Null));
    }

    /// <summary>
    /// Every paging and size query parameter (page, size, limit, depth) documents its range, and the range is the one
    /// the endpoint enforces: one past the maximum (or below the minimum) is 400 naming it, the maximum itself is not.
    /// A page documents its minimum and, in words, why it has no fixed maximum.
    /// The document had said only "integer", so a generated client could not know that size stops at 100 or 200.
    /// </summary>
    [Fact]
    public async Task Every_paging_parameter_documents_the_range_the_endpoint_enforces()
    {
        var client = await ApiClient.CreateAsync(factory, $"range-{Guid.NewGuid():N}@test.local");
        var document = await client.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var gaps = new List<string>();
        var checkedCount = 0;

        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal) && !p.Name.Contains('{')))
        {
            if (!path.Value.TryGetProperty("get", out var get) || !get.TryGetProperty("parameters", out var parameters))
                continue;
            foreach (var parameter in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query"
                && p.GetProperty("name").GetString() is "page" or "size" or "limit" or "depth"))
            {
                var name = parameter.GetProperty("name").GetString()!;
                var schema = parameter.GetProperty("schema");
                // A page has no fixed last number (the rows skipped, (page − 1) × size, must fit in 2^31): a minimum only.
                var hasMax = schema.TryGetProperty("maximum", out var max);
                if (!schema.TryGetProperty("minimum", out var min) || hasMax == (name == "page"))
                {
                    gaps.Add($"GET {path.Name} ?{name}: {(name == "page" ? "no minimum, or a maximum" : "no minimum or maximum")}");
                    continue;
                }
                // candles needs its interval to answer at all.
                var rest = path.Name.EndsWith("/candles", StringComparison.Ordinal) ? "&interval=1m" : "";
                var values = hasMax ? new[] { (min.GetInt64() - 1, true), (max.GetInt64() + 1, true), (max.GetInt64(), false) } : [(min.GetInt64() - 1, true), (min.GetInt64(), false)];
                foreach (var (value, refused) in values)
                {
                    if (value > int.MaxValue)
                        continue;
                    var response = await client.Http.GetAsync($"{path.Name}?{name}={value}{rest}");
                    var named = response.StatusCode == HttpStatusCode.BadRequest
                        && (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("errors", out var errors) && errors.TryGetProperty(name, out _);
                    if (named != refused)
                        gaps.Add($"GET {path.Name}?{name}={value}: {(int)response.StatusCode}, documented {min}..{max}");
                }
                checkedCount++;
            }
        }

        Assert.True(gaps.Count == 0, string.Join("\n", gaps));
        Assert.True(checkedCount >= 15, $"only {checkedCount} paging parameters found");
    }

    /// <summary>
    /// A query parameter of a few words (status, sort, order, side) documents them as its enum, and they are exactly what
    /// the endpoint takes: each listed word answers, a word not listed is 400 naming the parameter.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/leaderboard", "sort", "trust,name,operator,successRate,jobs,lockedXp,age,earnedLastEpoch")]
    [InlineData("/api/v1/leaderboard", "order", "desc,asc")]
    [InlineData("/api/v1/agents", "status", "all,active,retired")]
    [InlineData("/api/v1/locks", "status", "active,released,all")]
    [InlineData("/api/v1/orders", "status", "open,closed,all")]
    [InlineData("/api/v1/otc/offers", "side", "buy,sell")]
    [InlineData("/api/v1/otc/offers/mine", "status", "open,closed,all")]
    [InlineData("/api/v1/otc/requests/mine", "status", "open,closed,all")]
    public async Task A_query_word_documents_its_values_and_they_are_what_the_endpoint_takes(string path, string name, string values)
    {
        var client = await ApiClient.CreateAsync(factory, $"words-{Guid.NewGuid():N}@test.local");
        var document = await client.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var parameter = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == name);

        var listed = parameter.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()!).ToList();

        Assert.Equal(values, string.Join(",", listed));
        foreach (var word in listed)
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync($"{path}?{name}={word}")).StatusCode);
        var other = await client.Http.GetAsync($"{path}?{name}=unlisted");
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.True((await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(name, out _));
    }

    [Fact]
    public async Task An_id_in_the_body_documents_404_and_problems_may_carry_code_and_trace_id()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        Assert.True(paths.GetProperty("/api/v1/jobs").GetProperty("post").GetProperty("responses").TryGetProperty("404", out _));
        Assert.True(paths.GetProperty("/api/v1/locks").GetProperty("post").GetProperty("responses").TryGetProperty("404", out _));
        Assert.False(paths.GetProperty("/api/v1/burns").GetProperty("post").GetProperty("responses").TryGetProperty("404", out _));
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");
        Assert.False(problem.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False, problem.ToString());
        Assert.True(problem.GetProperty("properties").TryGetProperty("code", out _));
    }

    /// <summary>
    /// Every member a problem carries is in its schema: a 400's <c>errors</c> (field → messages) and an economy or OTC
    /// rule's <c>reason</c> were written on every such answer but missing from the document, so strict clients dropped them.
    /// </summary>
    [Fact]
    public async Task A_problem_documents_its_errors_by_field_and_its_reason()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties");

        var errors = properties.GetProperty("errors");
        Assert.Equal("object", errors.GetProperty("type").GetString());
        Assert.Equal("array", errors.GetProperty("additionalProperties").GetProperty("type").GetString());
        Assert.Equal("string", errors.GetProperty("additionalProperties").GetProperty("items").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("reason").GetProperty("type").GetString());
    }

    /// <summary>A field written with one of a few words (a side, an order type, a time in force, an order's status, a fill's role) is documented as that enum.</summary>
    [Theory]
    [InlineData("PlaceOrderBody", "side", "buy,sell")]
    [InlineData("PlaceOrderBody", "type", "limit,market,")]
    [InlineData("PlaceOrderBody", "timeInForce", "gtc,ioc,fok,")]
    [InlineData("OrderDto", "side", "buy,sell")]
    [InlineData("OrderDto", "type", "limit,market")]
    [InlineData("OrderDto", "timeInForce", "gtc,ioc,fok")]
    [InlineData("OrderDto", "status", "open,partially_filled,filled,cancelled,expired,rejected")]
    [InlineData("FillDto", "takerSide", "buy,sell")]
    [InlineData("MyTradeDto", "role", "maker,taker")]
    [InlineData("TradeMessage", "takerSide", "buy,sell")]
    public async Task A_field_of_a_few_words_is_documented_as_their_enum(string schema, string property, string values)
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var field = document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties").GetProperty(property);

        Assert.Equal(values, string.Join(",", field.GetProperty("enum").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? "" : v.GetString())));
    }

    [Fact]
    public async Task The_dead_man_switch_documents_its_idempotency_key_as_checked_for_form_only()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        string KeyDescription(string path, string method) => document.GetProperty("paths").GetProperty(path).GetProperty(method)
            .GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key")
            .GetProperty("description").GetString()!;

        Assert.Contains("form only", KeyDescription("/api/v1/orders/cancel-after", "post"));
        Assert.DoesNotContain("returns the first", KeyDescription("/api/v1/orders/cancel-after", "post"));
        Assert.Contains("returns the first", KeyDescription("/api/v1/orders", "post"));
    }

    /// <summary>Each whole-number field says its unit: the dead-man switch's seconds are not described as XP.</summary>
    [Fact]
    public async Task Whole_number_fields_name_their_unit()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");

        string Description(string schema, string property) => schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("description").GetString()!;

        Assert.StartsWith("Whole seconds", Description("CancelAfterBody", "seconds"));
        Assert.StartsWith("Whole XP", Description("BurnBody", "amount"));
    }

    /// <summary>Every 201 declares the Location header it sends (the created record's own address, which clients follow).</summary>
    [Fact]
    public async Task Every_created_answer_documents_its_location_header()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var created = 0;
        var gaps = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                if (!operation.Value.GetProperty("responses").TryGetProperty("201", out var response))
                    continue;
                created++;
                if (!response.TryGetProperty("headers", out var headers) || !headers.TryGetProperty("Location", out _))
                    gaps.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
            }
        }

        Assert.True(created >= 10, $"only {created} operations answer 201");
        Assert.True(gaps.Count == 0, "201 without Location: " + string.Join(", ", gaps));
    }

    /// <summary>A page's next says what it is: an id for cursor paging (fromId or before), null under page/size.</summary>
    [Fact]
    public async Task A_page_documents_next_as_a_cursor_id_and_null_under_page_and_size()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var pages = document.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .Where(s => s.Name.StartsWith("PageOf", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            var next = page.Value.GetProperty("properties").GetProperty("next");
            Assert.True(next.TryGetProperty("description", out var description), page.Name);
            Assert.Contains("fromId", description.GetString());
            Assert.Contains("page/size", description.GetString());
        }
    }
}
