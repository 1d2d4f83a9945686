using Microsoft.AspNetCore.Antiforgery;

namespace XpFlywheel.Web.Api;

/// <summary>
/// An API request the framework cannot read (malformed JSON, a number that is text, a form instead of JSON) gets
/// the same problem details as every other API error, with code <c>invalid_request</c>, never a stack trace; a readable
/// request with a value that is not a number of its type (any magnitude) is <c>validation_failed</c> naming the field.
/// A body that is not exactly one well-formed JSON value is <c>invalid_request</c> at every endpoint, even where the
/// reader stopped first at a field it could name.
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        // API errors are problem details, never the app's HTML error pages.
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            pages.Enabled = false;
        // Every API body is a few hundred bytes of JSON: a larger one is refused as it arrives (413), not read whole first.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = MaxBodyBytes;
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await TooLargeAsync(context);
            return;
        }
        // An address of its own (/orders/cancel-after) asked with a method only the parameter route beside it takes
        // (DELETE /orders/{id}) is that address's 405, not an order id to refuse.
        if (context.GetEndpoint() is RouteEndpoint chosen
            && context.RequestServices.GetRequiredService<ApiMethods>().Shadowed(context.Request.Path, chosen) is { Count: > 0 } addressMethods)
        {
            context.Response.Headers.Allow = string.Join(", ", addressMethods);
            await ApiProblems.Write(context, StatusCodes.Status405MethodNotAllowed, "method_not_allowed",
                $"This endpoint takes {string.Join(", ", addressMethods)}, not {context.Request.Method}; see /api/reference.");
            return;
        }
        if (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPatch(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method)
            || HttpMethods.IsPut(context.Request.Method))
        {
            // Routing reads "/orders/" (and "/orders/.", which the server makes "/orders/") as "/orders", so a client
            // that builds "/orders/" + id with an empty id would cancel every order. Where the same method takes an id
            // after that "/" (DELETE and PATCH /orders/{id}), the address is one with its id left out, and refused;
            // POST /orders/ is still the collection (no POST /orders/{id} exists).
            if (context.Request.Path.Value is { Length: > 1 } path && path.EndsWith('/')
                && context.RequestServices.GetRequiredService<ApiMethods>().At(new PathString(path + "0")).Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
            {
                await ApiProblems.Write(context, StatusCodes.Status404NotFound, "not_found",
                    "This address ends with \"/\": the id (or name) after it is missing. Nothing was changed; see /api/reference.");
                return;
            }
            // Judged only where an API endpoint takes this request: an address or method the API does not have is
            // 404 or 405 whatever its headers say.
            if (IsApiEndpoint(context) && ApiIdempotency.Problem(context) is { } invalidKey)
            {
                await ApiProblems.Write(context, StatusCodes.Status400BadRequest, "invalid_idempotency_key", invalidKey);
                return;
            }
        }
        // A body is kept (in memory up to MaxBodyBytes, which the server's body limit above enforces with a 413) so
        // that a refusal can name every field the request does not have, not only the first the reader stopped at.
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            context.Request.EnableBuffering(MaxBodyBytes);
        // The server does not decompress request bodies: a body sent with Content-Encoding: gzip (or any coding but
        // identity) would be read as its compressed bytes, or, when the header was wrong, as plain JSON the client said
        // was something else. Either way it is refused as a whole, before anything reads it.
        if ((context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            && context.Request.Headers.ContentEncoding.ToString() is { Length: > 0 } coding
            && !coding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            await ApiProblems.Write(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                $"The body's Content-Encoding ({ApiInput.Clip(coding)}) is not one this API reads: send the JSON uncompressed, without a Content-Encoding header. Nothing was changed.");
            return;
        }
        if (UnreadableCharset(context.Request) is { } charset)
        {
            await ApiProblems.Write(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                $"The body's charset ({charset}) is not one this API reads: send JSON as UTF-8 (Content-Type: application/json).");
            return;
        }
        try
        {
            await next(context);
            var status = context.Response.StatusCode;
            if (status is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed && !context.Response.HasStarted
                && context.Response.ContentType is null)
            {
                // An address the API has, asked with a method it does not take there, is 405 naming the ones it takes.
                var allowed = context.RequestServices.GetRequiredService<ApiMethods>().At(context.Request.Path);
                if (allowed.Count > 0 && !allowed.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
                {
                    context.Response.Headers.Allow = string.Join(", ", allowed);
                    await ApiProblems.Write(context, StatusCodes.Status405MethodNotAllowed, "method_not_allowed",
                        $"This endpoint takes {string.Join(", ", allowed)}, not {context.Request.Method}; see /api/reference.");
                    return;
                }
                // Routing's 405 where no API endpoint takes another method (POST /api/v1/nonexistent) came from the pages'
                // fallback route, whose GET and HEAD are no API methods: there is no API endpoint here, for any method.
                if (status == StatusCodes.Status405MethodNotAllowed)
                {
                    context.Response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.Allow);
                    status = StatusCodes.Status404NotFound;
                    context.Response.StatusCode = status;
                }
            }
            if (status >= 400 && !context.Response.HasStarted && context.Response.ContentType is null)
            {
                var (code, detail) = status switch
                {
                    StatusCodes.Status415UnsupportedMediaType => ("unsupported_media_type", "Send the body as JSON with Content-Type: application/json."),
                    StatusCodes.Status404NotFound => ("not_found", "There is no API endpoint at this address; see /api/reference."),
                    StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", "This endpoint does not take this HTTP method; see /api/reference."),
                    StatusCodes.Status413PayloadTooLarge => ("payload_too_large", $"The body is larger than the API accepts ({MaxBodyBytes / 1024} KiB); a request body is a few hundred bytes of JSON."),
                    StatusCodes.Status408RequestTimeout => ("request_timeout", BodyTimedOut),
                    _ => ("error", "The request failed."),
                };
                await ApiProblems.Write(context, status, code, detail);
            }
        }
        catch (Exchange.IdempotencyConflictException conflict) when (!context.Response.HasStarted)
        {
            await ApiProblems.Write(context, StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused", conflict.Message);
        }
        catch (BadHttpRequestException error) when (!context.Response.HasStarted && TimedOut(error))
        {
            // The server stopped waiting for a body that arrived too slowly (or never came, the connection still open):
            // a timeout, not a malformed body, and the client may send it again. An endpoint's body binding answers it
            // with the status alone (below); thrown, it read as invalid_request.
            await ApiProblems.Write(context, StatusCodes.Status408RequestTimeout, "request_timeout", BodyTimedOut);
        }
        catch (BadHttpRequestException error) when (!context.Response.HasStarted && NamesAField(error))
        {
            // A field is judged only in a body that is one well-formed JSON value: the reader can stop at a field the
            // request does not have, or miss a required one, before it reaches where the body is cut off or a second
            // value begins, and such a body is unreadable at every endpoint, not wrong in that field.
            await (await IsOneJsonValueAsync(context) ? await FieldProblemAsync(context, error) : ApiProblems.InvalidRequest()).ExecuteAsync(context);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLargeAsync(context);
        }
        catch (Exception error) when (error is BadHttpRequestException or AntiforgeryValidationException && !context.Response.HasStarted)
        {
            // A body without a JSON Content-Type (none at all, or text/plain) is 415 either way, as the framework says.
            if (error is BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType })
            {
                await ApiProblems.Write(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                    "Send the body as JSON with Content-Type: application/json.");
                return;
            }
            // A well-formed body that is not an object ([], "text", 5, true, null) where the endpoint reads its fields
            // from one: wrong in content, not unreadable, so validation_failed, as the README's rule for bodies says.
            if (error is BadHttpRequestException && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is not null
                && await BodyValueKindAsync(context) is { } kind and not System.Text.Json.JsonValueKind.Object and not System.Text.Json.JsonValueKind.Undefined)
            {
                await ApiProblems.Validation(new Dictionary<string, string[]> { ["body"] = [NotAnObject(kind)] }).ExecuteAsync(context);
                return;
            }
            await ApiProblems.InvalidRequest().ExecuteAsync(context);
        }
    }

    private static string NotAnObject(System.Text.Json.JsonValueKind kind) =>
        $"The body must be a JSON object holding the request's fields ({{\"field\": value, …}}); {kind switch
        {
            System.Text.Json.JsonValueKind.Array => "an array",
            System.Text.Json.JsonValueKind.String => "a string",
            System.Text.Json.JsonValueKind.Number => "a number",
            System.Text.Json.JsonValueKind.Null => "null",
            _ => "true or false",
        }} was sent. Nothing was changed.";

    // Routing matched an endpoint of the API (not the pages' fallback, nor routing's 405 stand-in) that takes the method.
    private static bool IsApiEndpoint(HttpContext context) =>
        context.GetEndpoint() is Microsoft.AspNetCore.Routing.RouteEndpoint { RoutePattern.RawText: { } route } endpoint
        && route.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)
        && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>() is { } methods
        && methods.HttpMethods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase);

    private const string BodyTimedOut =
        "The body did not arrive in time (fewer bytes than Content-Length, sent too slowly); nothing was read or changed. Send it again, whole.";

    // The server's body timeout (408), as thrown or inside the exception of whatever was reading the body.
    private static bool TimedOut(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
            if (error is BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout })
                return true;
        return false;
    }

    private static bool NamesAField(BadHttpRequestException error) =>
        ApiInput.RepeatedFieldOf(error) is not null || ApiInput.UnknownFieldOf(error) is not null || ApiInput.MissingFieldOf(error) is not null
        || ApiInput.FieldOf(error) is not null;

    // The refusal naming the field the request could not be bound for (NamesAField says there is one).
    private static async Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult> FieldProblemAsync(HttpContext context, BadHttpRequestException error)
    {
        if (ApiInput.RepeatedFieldOf(error) is { } repeated)
            return ApiInput.Repeated(repeated);
        if (ApiInput.UnknownFieldOf(error) is { } unknown)
            return ApiInput.Unknown(await UnknownFieldsAsync(context, unknown));
        if (ApiInput.MissingFieldOf(error) is { } missing)
            return ApiInput.Missing(missing);
        var field = ApiInput.FieldOf(error)!;
        // ?limit=1&limit=2 binds as "1,2": the fault is the repeat, not the number.
        return context.Request.Query.TryGetValue(field, out var values) && values.Count > 1
            ? ApiInput.RepeatedQuery(field)
            : ApiInput.Unreadable(field, error);
    }

    // Whether the body kept for this request is one well-formed JSON value, read in the charset it was sent in; true
    // when there is none (a query value's fault), so the field the reader named stands.
    private static async Task<bool> IsOneJsonValueAsync(HttpContext context) => await BodyValueKindAsync(context) is not null;

    // The kind of the one well-formed JSON value the body kept for this request holds, read in the charset it was sent
    // in; Undefined when there is no body or it cannot be read again; null when it is not exactly one JSON value.
    private static async Task<System.Text.Json.JsonValueKind?> BodyValueKindAsync(HttpContext context)
    {
        var body = context.Request.Body;
        if (!body.CanSeek)
            return System.Text.Json.JsonValueKind.Undefined;
        try
        {
            body.Position = 0;
            using var copy = new MemoryStream();
            await body.CopyToAsync(copy, context.RequestAborted);
            if (copy.Length == 0)
                return System.Text.Json.JsonValueKind.Undefined;
            var bytes = copy.GetBuffer().AsMemory(0, (int)copy.Length);
            if (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var media) && media.Charset.HasValue
                && System.Text.Encoding.GetEncoding(media.Charset.Value!) is { CodePage: not 65001 } encoding)
                bytes = System.Text.Encoding.Convert(encoding, System.Text.Encoding.UTF8, copy.ToArray());
            using var document = ApiInput.OneJsonValue(bytes);
            return document?.RootElement.ValueKind;
        }
        catch (Exception error) when (error is IOException or InvalidOperationException or NotSupportedException or ArgumentException
            or BadHttpRequestException or OperationCanceledException)
        {
            return System.Text.Json.JsonValueKind.Undefined;
        }
    }

    /// <summary>The most unknown fields one refusal names.</summary>
    public const int MaxUnknownFieldsNamed = 20;

    // Every top-level field of the body that the endpoint's body type does not have, in the order sent (first: the one
    // the reader stopped at, named alone if the body cannot be read again).
    private static async Task<IReadOnlyList<string>> UnknownFieldsAsync(HttpContext context, string first)
    {
        var body = context.Request.Body;
        var type = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
        if (!body.CanSeek || type is null)
            return [first];
        try
        {
            var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var comparer = options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var known = new HashSet<string>(options.GetTypeInfo(type).Properties.Select(p => p.Name), comparer);
            body.Position = 0;
            using var document = await System.Text.Json.JsonDocument.ParseAsync(body, cancellationToken: context.RequestAborted);
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
                return [first];
            var unknown = document.RootElement.EnumerateObject().Select(p => p.Name).Where(name => !known.Contains(name))
                .Distinct(comparer).Take(MaxUnknownFieldsNamed).ToList();
            return unknown.Count > 0 && unknown.Contains(first, comparer) ? unknown : [first];
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or IOException or InvalidOperationException or NotSupportedException
            or OperationCanceledException)
        {
            return [first];
        }
    }

    /// <summary>The largest request body the API reads, in bytes (64 KiB; the largest real body is well under 1 KiB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static Task TooLargeAsync(HttpContext context) =>
        ApiProblems.Write(context, StatusCodes.Status413PayloadTooLarge, "payload_too_large",
            $"The body is larger than the API accepts ({MaxBodyBytes / 1024} KiB); a request body is a few hundred bytes of JSON.");

    // A Content-Type charset the JSON reader cannot decode with (charset=bogus, an empty charset=): it would throw on it,
    // which is the client's error (415), not the server's. A quoted charset (charset="utf-8", which HTTP allows and
    // means the same as the bare token) is handed on unquoted, since the reader looks the raw value up. Null when there
    // is no charset or it is one the reader knows.
    private static string? UnreadableCharset(HttpRequest request)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var media) || !media.Charset.HasValue)
            return null;
        var raw = media.Charset.Value!;
        var charset = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(raw).ToString().Trim();
        if (charset.Length == 0)
            return "an empty name";
        try
        {
            System.Text.Encoding.GetEncoding(charset);
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException)
        {
            return charset.Length <= 40 ? charset : charset[..40] + "…";
        }
        if (charset != raw)
        {
            media.Charset = charset;
            request.ContentType = media.ToString();
        }
        return null;
    }
}
