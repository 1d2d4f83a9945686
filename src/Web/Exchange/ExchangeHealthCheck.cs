using Microsoft.Extensions.Diagnostics.HealthChecks;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// Healthy only while this process can take orders: it holds the writer lease for the database and the exchange has
/// loaded and its loop runs. A database that answers is not enough: a process whose writer is loading, faulted or
/// stopped answers reads but fails or never runs every order.
/// </summary>
public sealed class ExchangeHealthCheck(ExchangeHost exchange, IWriterLease lease) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!lease.IsHeld)
            return Task.FromResult(HealthCheckResult.Unhealthy($"This process does not hold the writer for {lease.Database}."));

        var status = exchange.Status;
        return Task.FromResult(status.State switch
        {
            WriterState.Running => HealthCheckResult.Healthy("The exchange is loaded and taking orders."),
            WriterState.Loading => HealthCheckResult.Unhealthy("The exchange is still loading from the database."),
            _ => HealthCheckResult.Unhealthy(status.Reason),
        });
    }
}
