using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Security;

/// <summary>
/// Walks every operation of <c>/openapi/v1.json</c> with hostile values in each path parameter, query parameter and
/// body field in turn: no answer may be a 5xx, and a refusal (4xx) must leave the caller's wallet, orders and agents
/// as they were.
/// </summary>
public sealed class ApiFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly AppFactory _factory = new()
    {
        Settings =
        {
            ["RateLimits:ApiWeightPerMinute"] = "100000000",
            ["RateLimits:OrdersPer10Seconds"] = "100000000",
        },
    };

    public void Dispose() => _factory.Dispose();

    private static readonly JsonNode?[] HostileValues =
    [
        JsonValue.Create(8_000_000_000_000_000_000_000_000m),
        JsonValue.Create(-8_000_000_000_000_000_000_000_000m),
        JsonValue.Create(1e300),
        JsonValue.Create(-1),
        JsonValue.Create(0),
        JsonValue.Create(long.MaxValue),
        JsonValue.Create(0.000000000001m),
        JsonValue.Create("NaN"),
        JsonValue.Create("1e400"),
        JsonValue.Create("sideways"),
        JsonValue.Create(new string('x', 10_000)),
        JsonValue.Create("bell\u0007\u0000name\u202e"),
        JsonValue.Create("<script>alert(1)</script>"),
        JsonValue.Create(true),
        null,
        new JsonObject(),
        new JsonArray(1, 2, 3),
    ];

    private static readonly string[] HostileText =
    [
        "-1", "0", "99999999999999999999999999", "1e400", "NaN", "abc", "%00", new string('9', 400),
        "<script>alert(1)</script>", "%E2%80%AE", "1.5",
    ];

    [Fact]
    public async Task No_hostile_value_in_any_operation_answers_5xx_or_changes_anything_when_refused()
    {
        var caller = await ApiClient.CreateAsync(_factory, "fuzz@test.local", dollars: 1_000, xp: 100_000);
        var anonymous = _factory.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]?["schemas"];
        var failures = new List<string>();
        var requests = 0;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operationNode) in item!.AsObject())
            {
                if (operationNode is not JsonObject operation || method is "parameters")
                    continue;
                var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
                var body = Resolve(operation["requestBody"]?["content"]?["application/json"]?["schema"], schemas);
                foreach (var (url, content) in Cases(path, parameters, body, schemas))
                {
                    foreach (var http in new[] { caller.Http, anonymous })
                    {
                        var before = http == caller.Http ? await StateAsync(caller.Http) : null;
                        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
                        if (content is not null)
                            request.Content = new StringContent(content, Encoding.UTF8, "application/json");
                        var response = await http.SendAsync(request);
                        requests++;
                        var status = (int)response.StatusCode;
                        if (status >= 500)
                            failures.Add($"{method.ToUpperInvariant()} {url} {Shorten(content)} -> {status} {Shorten(await response.Content.ReadAsStringAsync())}");
                        else if (status >= 400 && before is not null && await StateAsync(caller.Http) != before)
                            failures.Add($"{method.ToUpperInvariant()} {url} {Shorten(content)} -> {status} but the caller's state changed");
                    }
                }
            }
        }

        output.WriteLine($"{requests} hostile requests");
        Assert.True(requests > 200, $"only {requests} requests: the document has too few operations");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    // One hostile value at a time, every other part valid-looking.
    private static IEnumerable<(string Url, string? Body)> Cases(string path, List<JsonNode> parameters, JsonNode? body, JsonNode? schemas)
    {
        var pathNames = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
        var queryNames = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
        string Url(string? hostileName, string? hostileValue)
        {
            var url = path;
            foreach (var name in pathNames)
                url = url.Replace("{" + name + "}", name == hostileName ? Uri.EscapeDataString(hostileValue!) : "1", StringComparison.Ordinal);
            if (hostileName is not null && queryNames.Contains(hostileName))
                url += $"?{hostileName}={Uri.EscapeDataString(hostileValue!)}";
            return url;
        }
        var validBody = body is null ? null : Sample(body, schemas);
        yield return (Url(null, null), validBody?.ToJsonString());
        foreach (var name in pathNames.Concat(queryNames))
        {
            foreach (var value in HostileText)
                yield return (Url(name, value), validBody?.ToJsonString());
        }
        if (body is null)
            yield break;
        yield return (Url(null, null), "{not json");
        yield return (Url(null, null), "[]");
        yield return (Url(null, null), "null");
        foreach (var property in (body["properties"] as JsonObject)?.Select(p => p.Key) ?? [])
        {
            foreach (var value in HostileValues)
            {
                var hostile = Sample(body, schemas)!.AsObject();
                hostile[property] = value?.DeepClone();
                yield return (Url(null, null), hostile.ToJsonString());
            }
        }
    }

    // Values that pass validation for the API's common fields, so a hostile value in one field reaches the checks
    // behind the others.
    private static readonly Dictionary<string, JsonNode> Plausible = new(StringComparer.OrdinalIgnoreCase)
    {
        ["side"] = JsonValue.Create("buy"),
        ["type"] = JsonValue.Create("limit"),
        ["timeInForce"] = JsonValue.Create("gtc"),
        ["price"] = JsonValue.Create(0.0200m),
        ["quantity"] = JsonValue.Create(10),
        ["amount"] = JsonValue.Create(1.5m),
        ["xp"] = JsonValue.Create(10),
        ["name"] = JsonValue.Create("Fuzz agent"),
        ["succeeded"] = JsonValue.Create(true),
    };

    // A plausible body: known fields as above, numbers 1, strings "a", enums their first value, booleans false.
    private static JsonNode? Sample(JsonNode schema, JsonNode? schemas, string? name = null)
    {
        if (name is not null && Plausible.TryGetValue(name, out var plausible))
            return plausible.DeepClone();
        schema = Resolve(schema, schemas)!;
        if (schema["enum"] is JsonArray values && values.Count > 0)
            return values[0]!.DeepClone();
        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
            JsonValue value => (string?)value,
            _ => schema["properties"] is not null ? "object" : null,
        };
        return type switch
        {
            "object" => new JsonObject((schema["properties"] as JsonObject ?? []).Select(p => KeyValuePair.Create(p.Key, Sample(p.Value!, schemas, p.Key)))),
            "array" => new JsonArray(),
            "integer" or "number" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(false),
            "string" => JsonValue.Create("a"),
            _ => JsonValue.Create(1),
        };
    }

    private static JsonNode? Resolve(JsonNode? schema, JsonNode? schemas)
    {
        for (var depth = 0; depth < 8 && schema?["$ref"] is JsonValue reference; depth++)
            schema = schemas?[((string)reference!).Split('/')[^1]];
        if (schema?["oneOf"] is JsonArray oneOf && oneOf.Count > 0)
            return Resolve(oneOf.FirstOrDefault(s => s?["type"]?.ToString() != "null") ?? oneOf[0], schemas);
        return schema;
    }

    private static async Task<string> StateAsync(HttpClient http)
    {
        var wallet = await http.GetStringAsync("/api/v1/wallet");
        var orders = await http.GetStringAsync("/api/v1/orders?status=open");
        var agents = await http.GetStringAsync("/api/v1/agents");
        return Strip(wallet) + orders + agents;
    }

    // Fields that move on their own (times of reading) are not state.
    private static string Strip(string json)
    {
        var node = JsonNode.Parse(json);
        if (node is JsonObject o)
        {
            o.Remove("asOf");
            o.Remove("time");
        }
        return node?.ToJsonString() ?? "";
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 160 ? text : text[..160] + "…";
}
