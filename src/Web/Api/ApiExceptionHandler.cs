using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Answers an unhandled error on <c>/api</c> with 500 problem details (code <c>internal_error</c>, and the trace id
/// to quote when reporting it), in every environment: programs always get JSON they can read, never the HTML error
/// page or a stack trace. A request that reached a process which lost the writer to another one (<c>WriterFence</c>)
/// gets 503 <c>writer_moved</c> with <c>Retry-After</c>: nothing was applied; one that met an exchange whose loop has
/// stopped or could not load gets 503 <c>exchange_unavailable</c>; one that met a database that does not answer
/// (a restart, a cut connection; also while its API key is checked) gets 503 <c>database_unavailable</c>. Other paths are left to the page error
/// handling.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>
    /// The problem code of a request that met an exchange whose loop has stopped or could not load (503, with
    /// <c>Retry-After</c>); nothing was applied.
    /// </summary>
    public const string ExchangeUnavailable = "exchange_unavailable";

    /// <summary>The problem code of a request that met a database that did not answer (503, with <c>Retry-After</c>).</summary>
    public const string DatabaseUnavailable = "database_unavailable";

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The path the request had: the pages' handler (UseShell, outside Development) has already pointed the request at
        // its error page when it asks this handler, so an API request that failed inside it still reads as one here.
        var path = httpContext.Features.Get<IExceptionHandlerFeature>()?.Path ?? httpContext.Request.Path.Value;
        if (path is null || !new PathString(path).StartsWithSegments("/api"))
            return false;
        if (Cause<Data.WriterFencedException>(exception) is not null)
        {
            // Not a fault of the request: this process lost the writer to another one and applied nothing.
            logger.LogWarning("Refused {Method} {Path}: another process is the writer now", httpContext.Request.Method, path);
            httpContext.Response.Headers.RetryAfter = "1";
            await TypedResults.Problem(ApiProblems.Details(StatusCodes.Status503ServiceUnavailable, "writer_moved",
                "This server no longer holds the exchange's writer and applied nothing; send the request again (to the current writer).")).ExecuteAsync(httpContext);
            return true;
        }
        if (Cause<Exchange.ExchangeStoppedException>(exception) is { } stopped)
        {
            // Not a fault of the request: the exchange's loop has stopped (the app is stopping) or could not load; nothing was applied.
            logger.LogWarning("Refused {Method} {Path}: {Reason}", httpContext.Request.Method, path, stopped.Message);
            httpContext.Response.Headers.RetryAfter = "5";
            await TypedResults.Problem(ApiProblems.Details(StatusCodes.Status503ServiceUnavailable, ExchangeUnavailable, stopped.Message)).ExecuteAsync(httpContext);
            return true;
        }
        if (Cause<Cluster.LeaderUnavailableException>(exception) is { } unavailable)
        {
            // Not a fault of the request: this node follows, and no leader took the command in time (none runs, or one is taking over).
            logger.LogWarning("Refused {Method} {Path}: {Reason}", httpContext.Request.Method, path, unavailable.Message);
            httpContext.Response.Headers.RetryAfter = "2";
            await TypedResults.Problem(ApiProblems.Details(StatusCodes.Status503ServiceUnavailable, "leader_unavailable", unavailable.Message)).ExecuteAsync(httpContext);
            return true;
        }
        if (Operations.StartupExtensions.Unreachable(exception) || exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 })
        {
            // Not a fault of the request: the database did not answer (restarting, cut off) or stayed locked; whatever
            // the request would have changed was not committed.
            logger.LogWarning(exception, "Refused {Method} {Path}: the database does not answer", httpContext.Request.Method, path);
            httpContext.Response.Headers.RetryAfter = "2";
            await TypedResults.Problem(ApiProblems.Details(StatusCodes.Status503ServiceUnavailable, DatabaseUnavailable,
                "The database does not answer right now; nothing was changed. Send the request again after Retry-After.")).ExecuteAsync(httpContext);
            return true;
        }
        // The middleware stays silent about exceptions a handler takes, so the details go to the log here.
        logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, path);
        var problem = ApiProblems.Details(StatusCodes.Status500InternalServerError, "internal_error",
            "The server could not complete the request. If it keeps happening, report it with the traceId.");
        problem.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        await TypedResults.Problem(problem).ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>
    /// <paramref name="exception"/> itself when it is a <typeparamref name="T"/>, else the first one among its inner
    /// exceptions (through an aggregate of one): a refusal wrapped on its way out (the projection's stop, which the writer
    /// reports as its own failure, carries the fence that stopped it) is answered as that refusal.
    /// </summary>
    internal static T? Cause<T>(Exception exception) where T : Exception
    {
        for (var depth = 0; depth < 8; depth++)
        {
            switch (exception)
            {
                case T found:
                    return found;
                case AggregateException { InnerExceptions: [var only] }:
                    exception = only;
                    break;
                case { InnerException: { } inner }:
                    exception = inner;
                    break;
                default:
                    return null;
            }
        }
        return null;
    }
}
