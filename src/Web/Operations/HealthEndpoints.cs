using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace XpFlywheel.Web.Operations;

/// <summary>
/// Liveness apart from readiness. <c>/health/live</c> runs no check: Healthy while the process serves, so an
/// orchestrator restarts only a hung process, never one that is loading. <c>/health/ready</c> runs the checks
/// tagged <see cref="Ready"/> (the database, and the exchange writer loaded and running): send traffic only then.
/// <c>/health</c> runs every check, as before the split, for probes that already use it. Each answers the status word
/// (<c>Healthy</c>, <c>Degraded</c>, <c>Unhealthy</c>) as text, or, asked for <c>application/json</c>, the status with
/// each check's description and data: the exchange's <c>role</c> (<c>leader</c> or <c>follower</c>), its journal
/// <c>sequence</c>, and on a follower the <c>leaderSequence</c> and <c>lag</c> (commands behind).
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The tag of the checks that must pass before this process takes traffic.</summary>
    public const string Ready = "ready";

    /// <summary>Maps <c>/health</c>, <c>/health/live</c> and <c>/health/ready</c>.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        if (!accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync(report.Status.ToString());
        }
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        });
    }
}
