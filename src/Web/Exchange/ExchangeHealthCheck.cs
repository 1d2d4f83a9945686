using Microsoft.Extensions.Diagnostics.HealthChecks;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// On a follower (PostgreSQL): healthy while its replica keeps up with the leader's journal (degraded past the same
/// limit), since it serves reads and hands orders to the leader.
/// <para>On the writer: healthy only while this process can take orders: it holds the writer lease for the database and the exchange has
/// loaded and its loop runs. A database that answers is not enough: a process whose writer is loading, faulted or
/// stopped answers reads but fails or never runs every order.</para>
/// <para>Degraded while the result tables (orders, trades, postings, balances) are behind the journal by more than
/// <c>Exchange:ProjectionLagLimit</c> (5 s by default): orders are taken, but reads wait for the tables to catch up.</para>
/// </summary>
public sealed class ExchangeHealthCheck(ExchangeHost exchange, IWriterLease lease, IConfiguration configuration) : IHealthCheck
{
    private readonly TimeSpan _lagLimit = configuration.GetValue<TimeSpan?>("Exchange:ProjectionLagLimit") ?? TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (exchange.Following)
        {
            // A follower serves reads from its replica and hands commands to the leader: healthy while it keeps up.
            if (exchange.Status.State != WriterState.Following)
                return Task.FromResult(HealthCheckResult.Unhealthy("The follower is still loading its replica from the database."));
            var data = new Dictionary<string, object>
            {
                ["role"] = "follower", ["sequence"] = exchange.JournalSequence, ["leaderSequence"] = exchange.LeaderSequence, ["lag"] = exchange.ReplicaLag,
                ["forwardWaitMs"] = (long)exchange.ForwardWait.TotalMilliseconds,
            };
            if (exchange.ForwardWait > _lagLimit)
            {
                return Task.FromResult(HealthCheckResult.Degraded(exchange.ForwardWaiting
                    ? $"A command sent to the leader has waited {(long)exchange.ForwardWait.TotalSeconds} s for its answer: the leader holds the lease but applies nothing."
                    : "No leader has answered since a command sent to it was withdrawn unanswered: the leader may hold the lease but apply nothing.", data: data));
            }
            return Task.FromResult(exchange.ReplicaLagTime > _lagLimit
                ? HealthCheckResult.Degraded($"This follower is {exchange.ReplicaLag} commands ({(long)exchange.ReplicaLagTime.TotalSeconds} s) behind the leader's journal.", data: data)
                : HealthCheckResult.Healthy($"This node follows the leader at journal sequence {exchange.JournalSequence} ({exchange.ReplicaLag} behind); commands go to the leader.", data));
        }
        if (!lease.IsHeld)
            return Task.FromResult(HealthCheckResult.Unhealthy($"This process does not hold the writer for {lease.Database}."));

        var status = exchange.Status;
        if (status.State == WriterState.Running && exchange.ProjectionFailure is { } failure)
            return Task.FromResult(HealthCheckResult.Unhealthy($"Writing trading results behind the journal failed: {failure.Message}"));
        var projection = exchange.Projection;
        if (status.State == WriterState.Running && projection.LagTime > _lagLimit)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"The result tables are {projection.Lag} commands ({(long)projection.LagTime.TotalSeconds} s) behind the journal."));
        }
        var leader = new Dictionary<string, object> { ["role"] = "leader", ["sequence"] = exchange.DurableSequence };
        return Task.FromResult(status.State switch
        {
            WriterState.Running => HealthCheckResult.Healthy("The exchange is loaded and taking orders.", leader),
            WriterState.Loading => HealthCheckResult.Unhealthy("The exchange is still loading from the database."),
            _ => HealthCheckResult.Unhealthy(status.Reason),
        });
    }
}
