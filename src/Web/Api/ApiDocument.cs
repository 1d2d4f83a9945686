using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace XpFlywheel.Web.Api;

/// <summary>
/// What every operation of <c>/openapi/v1.json</c> says beyond its own endpoint: the <c>X-Api-Key</c> scheme on keyed
/// operations, the <c>Idempotency-Key</c> header on changes (see <see cref="ApiIdempotency"/>), and the problem-details
/// answers the middleware gives (400 invalid input or key, 401/403 key refusals, 404, 422 refusals, 429 rate limits).
/// </summary>
internal static class ApiDocument
{
    private const string ApiKeyScheme = "ApiKey";
    private const string ProblemJson = "application/problem+json";

    // The dead-man switch: the one change that takes the header's form but not its replay (each call is a refresh).
    private const string CancelAfterPath = "api/v1/orders/cancel-after";

    private const string CandlesPath = "api/v1/market/candles";

    public static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "XP Flywheel API";
        document.Info.Description = "Trade XP, record jobs, burn and lock XP. Authenticate with the X-Api-Key header. " +
            "Every error is RFC 7807 problem details with a machine-readable code.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key",
            Description = "A key from the API keys page (account menu → API keys); shown once, stored as a hash.",
        };
        return Task.CompletedTask;
    }

    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        if (description.RelativePath is not { } path || !path.StartsWith("api/", StringComparison.Ordinal))
            return Task.CompletedTask;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var keyed = metadata.OfType<IAuthorizeData>().Any(a => a.Policy == ApiExtensions.ApiKeyPolicy)
            && !metadata.OfType<IAllowAnonymous>().Any();
        var method = description.HttpMethod ?? "GET";
        var changes = method is "POST" or "PATCH" or "DELETE";

        if (keyed)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] });
        }
        if (path == CandlesPath && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == "interval") is { } interval)
        {
            // The endpoint refuses to go without it (400 validation_failed naming interval), so a generated client must send it.
            interval.Required = true;
            interval.Description = "The candle length.";
            interval.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. Core.MarketData.CandleIntervals.All.Select(i => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(Core.MarketData.CandleIntervals.Code(i)))],
            };
        }
        // A query word's values ([AllowedValues] on the handler's parameter, which the endpoint checks itself) as the
        // schema's enum: the framework writes the range and default of a parameter but not its allowed values.
        foreach (var parameterDescription in description.ParameterDescriptions)
        {
            if (parameterDescription.ParameterDescriptor is Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor { ParameterInfo: { } info }
                && info.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.AllowedValuesAttribute), false).FirstOrDefault() is System.ComponentModel.DataAnnotations.AllowedValuesAttribute allowed
                && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == parameterDescription.Name) is { Schema: OpenApiSchema wordSchema })
            {
                wordSchema.Enum = [.. allowed.Values.OfType<string>().Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v))];
            }
        }
        if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == "page" && p.In == ParameterLocation.Query) is { Schema: OpenApiSchema pageSchema } page)
        {
            // The last page depends on the size: the rows skipped, (page − 1) × size, must fit in 2^31 (ApiInput.Paging).
            pageSchema.Maximum = null;
            page.Description = "The page, from 1; (page − 1) × size must stay below 2,147,483,648 rows.";
        }
        if (changes)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = ApiIdempotency.Header, In = ParameterLocation.Header, Required = false,
                Description = path == CancelAfterPath
                    ? "1–64 printable ASCII characters other than space, checked for form only: each call sets the countdown from the moment it arrives, " +
                        "so a retry is itself a refresh and is never answered from an earlier call's key."
                    : "1–64 printable ASCII characters other than space. A retry with the same key and request within 24 h returns the first " +
                        "accepted outcome and changes nothing (a placement answers 200 with repeat: true); the same key with another " +
                        "request is refused (422 idempotency_key_reused).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = ApiIdempotency.MaxLength, Pattern = ApiIdempotency.Pattern },
            });
        }

        operation.Responses ??= new OpenApiResponses();
        if (changes && path != CancelAfterPath)
            ReplayHeader(operation);
        LocationHeader(operation);
        Problem(operation, "400", "Invalid input (validation_failed naming the field: a bad value, a field the request does not have or one sent twice; invalid_request; invalid_idempotency_key).");
        if (keyed)
        {
            Problem(operation, "401", "Missing, unknown or expired key, or its account is locked or deleted.");
            Problem(operation, "403", "The key's scope or address list does not allow this request.");
        }
        if (path.Contains('{', StringComparison.Ordinal) || BodyNamesAnId(description))
            Problem(operation, "404", "Nothing with this id, in the path or the body (or it is another operator's: never a 403 that would confirm it exists).");
        if (changes)
        {
            Problem(operation, "422", "Refused by the exchange's rules; nothing changed (code names the rule).");
            Problem(operation, "503", "Applied nothing; retry after Retry-After: this server no longer holds the exchange's writer (writer_moved), or it "
                + "follows another node and no leader took the command in time or the leader's batch failed (leader_unavailable), "
                + "or the exchange has stopped or could not load (exchange_unavailable), or the database did not answer (database_unavailable).");
        }
        else
        {
            Problem(operation, "503", "The database did not answer (database_unavailable), or the exchange has stopped or could not load "
                + "(exchange_unavailable); retry after Retry-After.");
        }
        // Any request can carry a body, and one over the limit is refused before the endpoint runs, whether or not it takes one.
        Problem(operation, "413", "The body is larger than the API reads (payload_too_large); nothing was read or changed.");
        // Any request can carry a body, and one the API cannot read (a Content-Encoding, a charset other than UTF-8) is
        // refused before the endpoint runs, whether or not it takes one.
        Problem(operation, "415", operation.RequestBody is not null
            ? "The body is not JSON in a charset the API reads (unsupported_media_type): send Content-Type: application/json, UTF-8."
            : "A body was sent with a Content-Encoding or a charset the API does not read (unsupported_media_type); this operation takes no body: send none.");
        // Refused before any endpoint runs, whatever the operation (RequestEdges and the server's body timeout).
        Problem(operation, "408", "The body did not arrive in time (request_timeout: fewer bytes than Content-Length, sent too slowly, with the connection left open); nothing was read or changed.");
        Problem(operation, "414", $"The address is longer than {Operations.RequestEdges.MaxTargetLength:N0} characters (uri_too_long); nothing was changed.");
        Problem(operation, "431", $"The headers exceed {Operations.RequestEdges.MaxHeaderBytes / 1024} KiB or {Operations.RequestEdges.MaxHeaderCount} fields (headers_too_large); nothing was changed.");
        Problem(operation, "429", "Over the request budget (rate_limited); see Retry-After and X-RateLimit-* headers.");
        return Task.CompletedTask;
    }

    /// <summary>Prices and amounts read by <see cref="DollarsConverter"/> are numbers or decimal strings ("0.0115"); XP quantities read by <see cref="WholeUnitsConverter"/> are whole numbers or strings of them; instants read by <see cref="UtcInstantConverter"/> are offset times or Unix milliseconds.</summary>
    public static Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && schema.Properties is { Count: > 0 } && context.JsonTypeInfo.Type.Name.EndsWith("Body", StringComparison.Ordinal))
        {
            // A body's required fields are those the request is refused without, not every constructor parameter:
            // a generated client must be able to leave out type, timeInForce or minimumFill (and send no price to a market order).
            schema.Required = context.JsonTypeInfo.Properties
                .Where(p => p.IsRequired || p.AttributeProvider?.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), inherit: true) == true)
                .Select(p => p.Name).ToHashSet();
        }
        if (context.JsonTypeInfo.Type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails) || context.JsonTypeInfo.Type == typeof(HttpValidationProblemDetails))
        {
            // Every problem the API writes carries code and traceId beside RFC 7807's members (and errors on a 400).
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = null;
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The machine-readable reason, e.g. validation_failed, not_found, epoch_paying." };
            schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String };
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "On a 400 validation_failed: each field refused (as the request named it), with why.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
            schema.Properties["reason"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "On a 400 validation_failed from an economy or OTC rule: the rule that refused, e.g. invalid_amount.",
            };
        }
        if (context.JsonPropertyInfo is { } property && Codes(property.DeclaringType, property.Name) is { } codes)
        {
            // The words these fields are written with (and read as, in a request, whatever their case), so a generated
            // client gets an enum rather than any string.
            // A field a request may leave null (read as absent) lists null too; a required one is refused without a word.
            var required = property.IsRequired
                || property.AttributeProvider?.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), inherit: true) == true;
            IEnumerable<string?> values = (schema.Type ?? 0).HasFlag(JsonSchemaType.Null) && !required ? [.. codes, null!] : codes;
            // A JSON null in the list is a null node.
            schema.Enum = [.. values.Select(v => v is null ? null! : (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v))];
        }
        if (context.JsonPropertyInfo is { Name: "next", DeclaringType: { IsGenericType: true } declaring }
            && declaring.GetGenericTypeDefinition() == typeof(PageOf<>))
        {
            schema.Description = PageNextDescription;
        }
        if (context.JsonPropertyInfo?.CustomConverter is DollarsConverter)
        {
            schema.Type = (schema.Type ?? JsonSchemaType.Number) | JsonSchemaType.String;
            schema.Pattern = DollarsConverter.JsonNumberPattern;
            schema.Description = "Dollars, as a JSON number or a decimal string such as \"0.0115\".";
        }
        else if (context.JsonPropertyInfo?.CustomConverter is WholeUnitsConverter)
        {
            schema.Type = (schema.Type ?? JsonSchemaType.Integer) | JsonSchemaType.String;
            schema.Pattern = DollarsConverter.JsonNumberPattern;
            // The converter reads whole units of any kind: XP for amounts and quantities, seconds for the dead-man switch,
            // and ids (agentId, counterpartyId), which are no amount at all.
            var name = context.JsonPropertyInfo.Name;
            schema.Description = name.EndsWith("Id", StringComparison.Ordinal)
                ? "An id, as a JSON number or a string of digits such as \"42\"."
                : $"Whole {(name.Contains("second", StringComparison.OrdinalIgnoreCase) ? "seconds" : "XP")}, as a JSON number or a string such as \"100\" (\"100.0\" and 1e2 are 100; a fraction is refused).";
        }
        else if (context.JsonPropertyInfo?.CustomConverter is UtcInstantConverter)
        {
            schema.Type = JsonSchemaType.String | JsonSchemaType.Integer;
            schema.Format = null;
            schema.Description = "An ISO 8601 time with its offset (\"2026-12-01T12:00:00Z\", \"2026-12-01T13:00:00+01:00\"), "
                + "or whole milliseconds since 1970-01-01 UTC (a number or a string of digits); a time without an offset is refused.";
        }
        if (context.JsonPropertyInfo is { } field && field.DeclaringType.Name.EndsWith("Body", StringComparison.Ordinal) && schema.Type is { } type)
        {
            // A request field is nullable in the document exactly when the API reads null as the field left out: not a
            // required field (refused without a value, null included), not a value type without null (postOnly), and
            // not a field whose absence means something a null must not get by accident (IRefusesNull).
            var requiredField = field.IsRequired
                || field.AttributeProvider?.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), inherit: true) == true;
            var readsNull = !field.PropertyType.IsValueType || Nullable.GetUnderlyingType(field.PropertyType) is not null;
            var nullable = !requiredField && readsNull && field.CustomConverter is not IRefusesNull;
            schema.Type = nullable ? type | JsonSchemaType.Null : type & ~JsonSchemaType.Null;
            // A field of listed words lists null exactly when the field may be null.
            if (schema.Enum is { Count: > 0 } words && nullable != words.Any(w => w is null))
                schema.Enum = nullable ? [.. words, null!] : [.. words.Where(w => w is not null)];
        }
        return Task.CompletedTask;
    }

    private static readonly string[] Sides = ["buy", "sell"];

    /// <summary>
    /// The closed set of words a field of the API's order and trade records is written with, or null for a free field:
    /// sides, order types, times in force, an order's status (<see cref="Exchange.OrderStatusName.Api"/>) and a fill's role.
    /// </summary>
    internal static IReadOnlyList<string>? Codes(Type declaring, string property) => (declaring.Name, property) switch
    {
        (_, "side" or "takerSide") when declaring.Namespace?.StartsWith("XpFlywheel.Web", StringComparison.Ordinal) == true => Sides,
        (nameof(PlaceOrderBody) or nameof(OrderDto), "type") => ["limit", "market"],
        (nameof(PlaceOrderBody) or nameof(OrderDto), "timeInForce") => ["gtc", "ioc", "fok"],
        (nameof(OrderDto), "status") => ["open", "partially_filled", "filled", "cancelled", "expired", "rejected"],
        (nameof(MyTradeDto), "role") => ["maker", "taker"],
        _ => null,
    };

    /// <summary>What <see cref="PageOf{T}.Next"/> means, as the document says it.</summary>
    public const string PageNextDescription =
        "Cursor paging only (fromId, before, startTime or endTime given): always an id, null at the end. Reading oldest first " +
        "(fromId, or a time range without before), send it as fromId with the same time bounds; reading newest first (before " +
        "alone), send it as before. Always null under page/size paging: there, total tells how many pages there are.";

    // A body naming another object by id (an agent, a counterparty) is 404 when there is none, as an id in the path is;
    // a client order id is the caller's own name for the order being made, not a reference.
    private static bool BodyNamesAnId(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description) =>
        description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body
            && p.Type.GetProperties().Any(property => property.Name.EndsWith("Id", StringComparison.Ordinal) && property.Name != "ClientOrderId"));

    // Every success of a change that takes an Idempotency-Key may be a replay of the first answer (ApiIdempotency.ReplayedHeader).
    private static void ReplayHeader(OpenApiOperation operation)
    {
        foreach (var (status, response) in operation.Responses!)
        {
            if (!status.StartsWith('2') || response is not OpenApiResponse success)
                continue;
            success.Headers ??= new Dictionary<string, IOpenApiHeader>();
            success.Headers[ApiIdempotency.ReplayedHeader] = new OpenApiHeader
            {
                Description = "\"true\" when this answer repeats the first answer to an earlier request with the same Idempotency-Key " +
                    "(or, for a placement, clientOrderId) and nothing was applied again; absent otherwise.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("true")] },
            };
        }
    }

    // Every 201 says where the record it created is read back (its own GET /{id}); clients are told to follow it.
    private static void LocationHeader(OpenApiOperation operation)
    {
        if (operation.Responses!.TryGetValue("201", out var created) && created is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["Location"] = new OpenApiHeader
            {
                Description = "The created record's own address (GET it to read the record back).",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
            };
        }
    }

    private static void Problem(OpenApiOperation operation, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
            return;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        },
                    },
                },
            },
        };
    }
}
