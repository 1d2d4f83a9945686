using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace XpFlywheel.Web.Api;

/// <summary>
/// The one place API numbers are checked before use, so no input of any magnitude (huge, negative, text, exponent
/// notation) reaches arithmetic that can overflow: paging, hub limits, and the field named by a request the framework
/// could not bind. Every refusal is a 400 problem with code <c>validation_failed</c> naming the field.
/// </summary>
public static partial class ApiInput
{
    /// <summary>
    /// Checks <c>page</c> (from 1) and <c>size</c> (1 to <paramref name="maxSize"/>, default 50); the rows skipped,
    /// (page − 1) × size, must fit in an <see cref="int"/>. Returns the problem to answer, or null with the values.
    /// </summary>
    public static ProblemHttpResult? Paging(int? page, int? size, out int p, out int s, int maxSize = 200, int defaultSize = 50)
    {
        p = page ?? 1;
        s = size ?? defaultSize;
        var errors = new Dictionary<string, string[]>();
        if (s < 1 || s > maxSize)
            errors["size"] = [$"size must be a whole number from 1 to {maxSize}."];
        if (p < 1)
            errors["page"] = ["page must be a whole number from 1."];
        else if (errors.Count == 0 && (long)(p - 1) * s > int.MaxValue)
            errors["page"] = [$"page is beyond the last row that can be read ({int.MaxValue / s + 1} at size {s})."];
        return errors.Count == 0 ? null : ApiProblems.Validation(errors);
    }

    /// <summary>A limit in [<paramref name="min"/>, <paramref name="max"/>], or null when it is out of range.</summary>
    public static ProblemHttpResult? Range(string field, int? value, int min, int max) =>
        value is { } v && (v < min || v > max)
            ? ApiProblems.Validation(new Dictionary<string, string[]> { [field] = [$"{field} must be a whole number from {min} to {max}."] })
            : null;

    /// <summary>
    /// A whole number from a hub argument in [<paramref name="min"/>, <paramref name="max"/>], <paramref name="fallback"/>
    /// when absent; false for anything else (text, fractions, exponent notation beyond the range, any magnitude).
    /// </summary>
    public static bool TryInt(JsonElement? value, int min, int max, int fallback, out int result)
    {
        result = fallback;
        if (value is not { } element || element.ValueKind == JsonValueKind.Null)
            return true;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out result) && result >= min && result <= max;
    }

    /// <summary>
    /// <paramref name="utf8"/> read as exactly one well-formed JSON value, whitespace (and a byte order mark) around it
    /// aside, or null when it is not: what every API body must be before any of its fields is judged. A body cut off
    /// (<c>{"side":</c>) or holding two values (<c>{} {}</c>) is not, whatever its first field is.
    /// </summary>
    public static JsonDocument? OneJsonValue(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8))
            utf8 = utf8[3..];
        try
        {
            return JsonDocument.Parse(utf8);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The field a request could not be bound for, when the request itself was readable: a query or route value
    /// that is not a number of its type (<c>page=1e99</c>), or a JSON property whose value is not a number of its
    /// type (<c>"quantity": 1e30</c>). Null when the body is not JSON at all, so the answer stays <c>invalid_request</c>.
    /// </summary>
    public static string? FieldOf(BadHttpRequestException error)
    {
        if (BindFailure().Match(error.Message) is { Success: true } bound)
            return bound.Groups["name"].Value;
        // A syntax error's inner exception is the reader's own JsonException; a value that does not convert has none,
        // or a FormatException, InvalidOperationException or OverflowException.
        if (error.InnerException is JsonException { InnerException: not JsonException, Path: { } path } && path.StartsWith("$.", StringComparison.Ordinal))
        {
            var name = path[2..];
            var cut = name.IndexOfAny(['.', '[']);
            return cut < 0 ? name : name[..cut];
        }
        return null;
    }

    /// <summary>
    /// The problem for a value that is not a value of its field's type, naming the field: with the reason the API's
    /// own converter gave (<see cref="FieldValueException"/>) when one did, the kind of value a text or flag field
    /// takes when it was sent another kind (a number for <c>clientOrderId</c>), else the general one.
    /// </summary>
    public static ProblemHttpResult Unreadable(string field, BadHttpRequestException? error = null) => ApiProblems.Validation(new Dictionary<string, string[]>
    {
        [field] = [error?.InnerException is FieldValueException refused
            ? $"{field} is not valid. {refused.Reason}"
            : WrongKind(field, error) ?? InvalidText(field, error) ?? string.Create(CultureInfo.InvariantCulture,
                $"{field} is not a valid value: send a number in range where a number is expected (a whole number for ids, XP and seconds), text (valid Unicode: no lone surrogate escapes such as \\ud800) where text is, true or false for a flag.")],
    });

    // A string that is not valid Unicode: a lone surrogate escape ("\ud800") or a byte that is no UTF-8, which the
    // reader finds only when it turns the value into text. Null for any other failure.
    private static string? InvalidText(string field, BadHttpRequestException? error)
    {
        for (var inner = error?.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner.Message.Contains("invalid UTF-", StringComparison.OrdinalIgnoreCase) || inner.Message.Contains("incomplete UTF-", StringComparison.OrdinalIgnoreCase))
                return $"{field} is not valid Unicode text: send UTF-8, with no lone surrogate escape such as \\ud800 (a character beyond U+FFFF is a pair of escapes, or its UTF-8 bytes).";
        }
        return null;
    }

    // A text or flag field sent a JSON value of another kind ({"clientOrderId": 1e400}, {"postOnly": "yes"}): refused
    // saying which kind it takes, never read as the number's text (1.6E-2 and "1.6E-2" are not the same id). Null for
    // any other failure.
    private static string? WrongKind(string field, BadHttpRequestException? error)
    {
        if (error?.InnerException is not JsonException { InnerException: InvalidOperationException reader }
            || TokenOfWrongKind().Match(reader.Message) is not { Success: true } match)
            return null;
        var sent = match.Groups["token"].Value switch
        {
            "Number" => "a number",
            "True" or "False" => "a boolean",
            "String" => "a string",
            "Null" => "null",
            "StartObject" => "an object",
            "StartArray" => "an array",
            _ => "another kind of value",
        };
        return match.Groups["type"].Value == "string"
            ? $"{field} must be a string (text in double quotes), not {sent}: send \"{field}\": \"…\". Nothing was changed."
            : $"{field} must be true or false, not {sent}. Nothing was changed.";
    }

    /// <summary>The problem for a query parameter sent more than once (<c>?limit=1&amp;limit=2</c>), naming it.</summary>
    public static ProblemHttpResult RepeatedQuery(string field) =>
        FieldProblem(field, "appears more than once in the query: send it once. Nothing was changed.");

    /// <summary>A body field the request does not have (a misspelt or unsupported one), if that is what failed.</summary>
    public static string? UnknownFieldOf(BadHttpRequestException error) => NameIn(error, UnknownProperty());

    /// <summary>The problem for a body field the request does not have, naming it.</summary>
    public static ProblemHttpResult Unknown(string field) => Unknown([field]);

    /// <summary>The problem for the body fields the request does not have, naming each (one entry per field).</summary>
    public static ProblemHttpResult Unknown(IReadOnlyList<string> fields)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var field in fields)
        {
            var name = Clip(field);
            errors.TryAdd(name, [$"{name} is not a field of this request: check its spelling against the OpenAPI document (/api/reference). Nothing was changed."]);
        }
        return ApiProblems.Validation(errors);
    }

    /// <summary>A body field named more than once (<c>{"side":"buy",…,"side":"sell"}</c>, names compared without case), if that is what failed.</summary>
    public static string? RepeatedFieldOf(BadHttpRequestException error) => NameIn(error, RepeatedProperty());

    /// <summary>The problem for a body field named more than once, naming it.</summary>
    public static ProblemHttpResult Repeated(string field) =>
        FieldProblem(field, "appears more than once in the body (names are not case-sensitive): send each field once. Nothing was changed.");

    // validation_failed naming the field as the client sent it: at most 64 characters, never half of a surrogate pair.
    private static ProblemHttpResult FieldProblem(string field, string says)
    {
        var name = Clip(field);
        return ApiProblems.Validation(new Dictionary<string, string[]> { [name] = [$"{name} {says}"] });
    }

    /// <summary>
    /// A name as the client sent it, at most 64 characters and never half of a surrogate pair, with each control
    /// character written as its <c>\uXXXX</c> escape: a problem never carries a raw NUL or line break back into a log
    /// or a terminal.
    /// </summary>
    internal static string Clip(string field)
    {
        var clipped = field.Length <= 64 ? field : field[..(char.IsHighSurrogate(field[63]) ? 63 : 64)];
        if (!clipped.Any(char.IsControl))
            return clipped;
        var text = new System.Text.StringBuilder(clipped.Length + 16);
        foreach (var c in clipped)
        {
            if (char.IsControl(c))
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else
                text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>The body's first missing required field (a JSON property marked required on its body record), if that is what failed.</summary>
    public static string? MissingFieldOf(BadHttpRequestException error) => NameIn(error, MissingProperty());

    // The field a JSON reader's message names, by the pattern of that kind of message; null when it is another kind.
    private static string? NameIn(BadHttpRequestException error, Regex message) =>
        error.InnerException is JsonException json && message.Match(json.Message) is { Success: true } match ? match.Groups["name"].Value : null;

    /// <summary>The problem for a required field the body left out, naming it.</summary>
    public static ProblemHttpResult Missing(string field) => ApiProblems.Validation(new Dictionary<string, string[]>
    {
        [field] = [string.Create(CultureInfo.InvariantCulture, $"{field} is required.")],
    });

    // The name is everything between the message's first quote and its fixed tail, so a name holding a quote is whole.
    [GeneratedRegex("""^The JSON property '(?<name>.*)' could not be mapped to any \.NET member""", RegexOptions.Singleline)]
    private static partial Regex UnknownProperty();

    [GeneratedRegex("""^Duplicate property '(?<name>.*)' encountered during deserialization""", RegexOptions.Singleline)]
    private static partial Regex RepeatedProperty();

    [GeneratedRegex("""missing required properties including: '(?<name>[A-Za-z0-9_]+)'""")]
    private static partial Regex MissingProperty();

    [GeneratedRegex("""^Cannot get the value of a token type '(?<token>[A-Za-z]+)' as a (?<type>string|boolean)\.""")]
    private static partial Regex TokenOfWrongKind();

    [GeneratedRegex("""^Failed to bind parameter "(?:[^"]* )?(?<name>[A-Za-z0-9_]+)" from""")]
    private static partial Regex BindFailure();

    // The route values that are ids: every one is a whole number from 1 (client order ids are text and not among them).
    private static readonly string[] RouteIds = ["id", "number"];

    /// <summary>
    /// An endpoint filter for every API endpoint: an id in the path that is a whole number but not from 1 (<c>-1</c>,
    /// <c>0</c>) is 400 <c>validation_failed</c> naming it, as an id that is not a number at all is, rather than a
    /// 404 that says such an object might exist.
    /// </summary>
    public static ValueTask<object?> PositiveRouteIdsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var values = context.HttpContext.Request.RouteValues;
        foreach (var name in RouteIds)
        {
            if (values.TryGetValue(name, out var value) && value is string text
                && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var id) && id < 1)
                return ValueTask.FromResult<object?>(ApiProblems.Validation(new Dictionary<string, string[]> { [name] = [$"{name} must be a whole number from 1."] }));
        }
        return next(context);
    }
}
