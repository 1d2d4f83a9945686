using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Answers an unhandled error on <c>/api</c> with 500 problem details (code <c>internal_error</c>, and the trace id
/// to quote when reporting it), in every environment: programs always get JSON they can read, never the HTML error
/// page or a stack trace. Other paths are left to the page error handling.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments("/api"))
            return false;
        // The middleware stays silent about exceptions a handler takes, so the details go to the log here.
        logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        var problem = ApiProblems.Details(StatusCodes.Status500InternalServerError, "internal_error",
            "The server could not complete the request. If it keeps happening, report it with the traceId.");
        problem.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        await TypedResults.Problem(problem).ExecuteAsync(httpContext);
        return true;
    }
}
