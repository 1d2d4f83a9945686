using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace XpFlywheel.Web.Api;

/// <summary>
/// An endpoint filter for every API endpoint: what a request sends that its endpoint does not read is refused with
/// 400 <c>validation_failed</c> naming it, never ignored. A query parameter the endpoint has no parameter for
/// (<c>DELETE /orders?side=sell</c> would otherwise cancel every order, buys included; <c>?statuss=open</c> would
/// list every order), and a body sent to an endpoint that takes none (<c>{"quantity":10}</c> on a quote's accept)
/// are refused before the endpoint runs, so nothing changes; so is a parameter sent more than once. A body-less endpoint still accepts an empty body,
/// <c>{}</c> and <c>null</c>, which say nothing; a JSON body that is not one well-formed JSON value is 400
/// <c>invalid_request</c> there, as at every endpoint. Body fields of endpoints that take a body are checked by their
/// JSON contract (<see cref="ApiInput.Unknown"/>).
/// </summary>
public static class StrictInput
{
    private const int MaxIgnoredBody = 64 * 1024;

    /// <summary>Builds the check for one endpoint from its handler's parameters.</summary>
    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var query = context.MethodInfo.GetParameters().Where(IsQueryOrRoute).Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var numbers = context.MethodInfo.GetParameters().Where(IsNumber).Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return async invocation =>
        {
            var http = invocation.HttpContext;
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var key in http.Request.Query.Keys)
            {
                // A route value's name is a parameter too, but only in the path: ?id=5 on /orders/{id} says nothing the path does not.
                if (!query.Contains(key) || http.Request.RouteValues.ContainsKey(key))
                    errors[ApiInput.Clip(key)] = [$"{ApiInput.Clip(key)} is not a query parameter of this request: check it against the OpenAPI document (/api/reference). Nothing was changed."];
                // Sent twice, a text parameter would be bound as both values joined by a comma (?clientOrderId=a&clientOrderId=b
                // found the order named "a,b"): every parameter takes one value.
                else if (http.Request.Query[key].Count > 1 && query.TryGetValue(key, out var name))
                    errors[name] = [$"{name} was sent {http.Request.Query[key].Count} times: send it once. Nothing was changed."];
                // The framework's number reading skips trailing NUL characters and surrounding spaces and takes a plus sign
                // (?size=5%00, ?size=%205, ?size=5+ and ?size=%2B5 all read as 5): a number is written in digits alone.
                else if (numbers.TryGetValue(key, out var number) && NotDigits(http.Request.Query[key].ToString(), number, errors))
                    continue;
            }
            // The same for a number in the path (/orders/+6584 read order 6584).
            foreach (var (key, value) in http.Request.RouteValues)
                if (numbers.TryGetValue(key, out var number) && value is string text)
                    NotDigits(text, number, errors);
            var takesBody = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is not null;
            if (!takesBody && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
                && !await CheckIgnoredBodyAsync(http, errors))
                return ApiProblems.InvalidRequest();
            return errors.Count > 0 ? ApiProblems.Validation(errors) : await next(invocation);
        };
    }

    // Simple values bind from the query or the route (ids, paging, filters); services, the user and the body do not.
    private static bool IsQueryOrRoute(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(Guid);
    }

    // Adds an error naming the parameter when its text is not digits (with an optional leading minus, which the
    // parameter's own range check then judges): true when it did.
    private static bool NotDigits(string text, string name, Dictionary<string, string[]> errors)
    {
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9'))
            return false;
        errors[name] = [$"{name} must be a whole number written in digits alone, with at most a leading minus (no plus sign, spaces, decimal point or other characters): \"{ApiInput.Clip(text)}\" is not. Nothing was changed."];
        return true;
    }

    // Whole-number query and route parameters (ids, paging, limits, times in ms).
    private static bool IsNumber(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type == typeof(int) || type == typeof(long) || type == typeof(short);
    }

    // False when a body declared JSON is not one well-formed JSON value: unreadable, as it is at an endpoint that takes a body.
    private static async Task<bool> CheckIgnoredBodyAsync(HttpContext http, Dictionary<string, string[]> errors)
    {
        var body = await ReadAsync(http.Request.Body, http.RequestAborted);
        const string Nothing = "This request takes no body: send none (or {}). Nothing was changed.";
        if (body is not { } bytes)
        {
            errors["body"] = [Nothing];
            return true;
        }
        var trimmed = Encoding.UTF8.GetString(bytes.Span).Trim();
        if (trimmed is "" or "{}" or "null")
            return true;
        using var document = ApiInput.OneJsonValue(bytes);
        // Declared JSON, it is unreadable; sent as something else (text/plain), it is simply a body this request does not take.
        if (document is null && http.Request.HasJsonContentType())
            return false;
        if (document?.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in document.RootElement.EnumerateObject())
                errors[ApiInput.Clip(property.Name)] = [$"{ApiInput.Clip(property.Name)} is not a field of this request: it takes no body. Nothing was changed."];
            return true;
        }
        errors["body"] = [Nothing];
        return true;
    }

    // The body's bytes, or null when it is longer than any body worth naming the fields of.
    private static async Task<ReadOnlyMemory<byte>?> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxIgnoredBody + 1];
        var read = 0;
        int chunk;
        while (read < buffer.Length && (chunk = await body.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            read += chunk;
        return read > MaxIgnoredBody ? null : buffer.AsMemory(0, read);
    }
}
