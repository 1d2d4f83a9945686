using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace XpFlywheel.Web.Api;

/// <summary>RFC 7807 problem details with a machine-readable <c>code</c> extension, for every API error.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Problem(int status, string code, string detail, IDictionary<string, string[]>? errors = null) =>
        TypedResults.Problem(Details(status, code, detail, errors));

    /// <summary>The problem details <see cref="Problem"/> answers with, for callers that add extensions of their own.</summary>
    public static ProblemDetails Details(int status, string code, string detail, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = TitleFor(status);
        problem.Detail = detail;
        problem.Type = $"https://httpstatuses.io/{status}";
        problem.Extensions["code"] = code;
        return problem;
    }

    public static ProblemHttpResult Validation(IReadOnlyDictionary<string, string[]> errors) =>
        Problem(StatusCodes.Status400BadRequest, "validation_failed", string.Join(" ", errors.Values.SelectMany(v => v)),
            errors.ToDictionary(e => e.Key, e => e.Value));

    /// <summary>
    /// The problem for a request that cannot be read at all: a body that is not exactly one well-formed JSON value (cut
    /// off, two values, not JSON), or a value of the wrong kind where the framework binds it. 400 <c>invalid_request</c>.
    /// </summary>
    public static ProblemHttpResult InvalidRequest() => Problem(StatusCodes.Status400BadRequest, "invalid_request",
        "The request could not be read: check that the body is valid JSON with numbers as numbers, and that query values have the right type.");

    /// <summary>
    /// 404 for an id the caller cannot see (unknown, or another operator's). <paramref name="code"/> is the resource's
    /// own code where its actions have one (<c>agent_not_found</c>, <c>offer_not_found</c>, …), so reading a resource and
    /// acting on it refuse an unknown id with the same code; <c>not_found</c> otherwise.
    /// </summary>
    public static ProblemHttpResult NotFound(string what, string code = "not_found") =>
        Problem(StatusCodes.Status404NotFound, code, $"No {what} with this id.");

    public static Task Write(HttpContext context, int status, string code, string detail) =>
        Problem(status, code, detail).ExecuteAsync(context);

    private static string TitleFor(int status) => status switch
    {
        400 => "The request is invalid",
        401 => "Authentication required",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        422 => "The request was refused",
        429 => "Too many requests",
        413 => "Payload too large",
        405 => "Method not allowed",
        414 => "URI too long",
        415 => "Unsupported media type",
        431 => "Request header fields too large",
        500 => "Internal server error",
        503 => "Service unavailable",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
    };
}
