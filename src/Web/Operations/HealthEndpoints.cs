using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace XpFlywheel.Web.Operations;

/// <summary>
/// Liveness apart from readiness. <c>/health/live</c> runs no check: Healthy while the process serves, so an
/// orchestrator restarts only a hung process, never one that is loading. <c>/health/ready</c> runs the checks
/// tagged <see cref="Ready"/> (the database, and the exchange writer loaded and running): send traffic only then.
/// <c>/health</c> runs every check, as before the split, for probes that already use it.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The tag of the checks that must pass before this process takes traffic.</summary>
    public const string Ready = "ready";

    /// <summary>Maps <c>/health</c>, <c>/health/live</c> and <c>/health/ready</c>.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) });
        return app;
    }
}
