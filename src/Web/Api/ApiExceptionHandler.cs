using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Answers an unhandled error on <c>/api</c> with 500 problem details (code <c>internal_error</c>, and the trace id
/// to quote when reporting it), in every environment: programs always get JSON they can read, never the HTML error
/// page or a stack trace. A request that reached a process which lost the writer to another one (<c>WriterFence</c>)
/// gets 503 <c>writer_moved</c> with <c>Retry-After</c>: nothing was applied. Other paths are left to the page error
/// handling.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments("/api"))
            return false;
        if (exception is Data.WriterFencedException)
        {
            // Not a fault of the request: this process lost the writer to another one and applied nothing.
            logger.LogWarning("Refused {Method} {Path}: another process is the writer now", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "1";
            await TypedResults.Problem(ApiProblems.Details(StatusCodes.Status503ServiceUnavailable, "writer_moved",
                "This server no longer holds the exchange's writer and applied nothing; send the request again (to the current writer).")).ExecuteAsync(httpContext);
            return true;
        }
        if (exception is Cluster.LeaderUnavailableException unavailable)
        {
            // Not a fault of the request: this node follows, and no leader took the command in time (none runs, or one is taking over).
            logger.LogWarning("Refused {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, unavailable.Message);
            httpContext.Response.Headers.RetryAfter = "2";
            await TypedResults.Problem(ApiProblems.Details(StatusCodes.Status503ServiceUnavailable, "leader_unavailable", unavailable.Message)).ExecuteAsync(httpContext);
            return true;
        }
        // The middleware stays silent about exceptions a handler takes, so the details go to the log here.
        logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        var problem = ApiProblems.Details(StatusCodes.Status500InternalServerError, "internal_error",
            "The server could not complete the request. If it keeps happening, report it with the traceId.");
        problem.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        await TypedResults.Problem(problem).ExecuteAsync(httpContext);
        return true;
    }
}
