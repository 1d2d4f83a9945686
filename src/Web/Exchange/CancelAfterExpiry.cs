using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Economy;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// Fires the dead-man switches that fell due (<see cref="CancelAfter"/>), on the leader only, every
/// <see cref="PeriodLength"/>: each due switch cancels its operator's open orders with one journaled
/// <see cref="CancelAllOrders"/> (all due switches in one writer batch): each is claimed first, so nothing moves it
/// any more, and its row is removed once the cancel is durable.
/// </summary>
/// <remarks>
/// The cancel carries an idempotency key made of the operator and the due time, so a leader that dies between the
/// cancel and the row's removal leaves the next leader a repeat that answers the first outcome: one expiry cancels
/// once, never also the orders placed after it.
/// </remarks>
public sealed class CancelAfterExpiry(ExchangeHost host, IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, ILogger<CancelAfterExpiry> logger)
    : PeriodicExchangeJob(host, logger)
{
    /// <summary>How often the leader looks for due switches: the switch fires at most this late.</summary>
    public static readonly TimeSpan PeriodLength = TimeSpan.FromMilliseconds(500);

    // Switches fired per run at most; more wait for the next run (half a second).
    private const int Batch = 500;

    protected override TimeSpan Period => PeriodLength;

    protected override TimeProvider Clock => clock;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = new List<CancelAfterSwitch>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var due = await db.CancelAfterSwitches.AsNoTracking().Where(s => s.TriggerAt <= now).OrderBy(s => s.TriggerAt).Take(Batch).ToListAsync(cancellationToken);
            foreach (var expired in due)
            {
                // Claimed first, so no refresh or disarm moves it any more (one that won the race keeps it counting);
                // one a dead leader claimed is fired again under the same key, which answers its first outcome.
                if (expired.FiringAt is null && await db.CancelAfterSwitches
                        .Where(s => s.OperatorId == expired.OperatorId && s.TriggerAt == expired.TriggerAt && s.FiringAt == null)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.FiringAt, now), cancellationToken) == 0)
                    continue;
                claimed.Add(expired);
            }
        }
        // All at once: the writer applies them in one batch and one commit, not one commit each.
        await Task.WhenAll(claimed.Select(expired => FireAsync(expired, cancellationToken)));
    }

    private async Task FireAsync(CancelAfterSwitch expired, CancellationToken cancellationToken)
    {
        // The orders the switch covers are those placed at or before its due time: this job looks every half second
        // (and not at all while no leader runs), so an order placed after the due time but before the cancel is
        // applied was placed by a client that is alive, and stays. Order ids grow with placement, so the newest id
        // placed by then bounds the cancel, and the bound travels in the journaled command (replay cancels the same).
        // The tables hold every order committed when this reads; an order the writer applied by the due time in a batch
        // not yet written there is still resting in the writer, stamped with its placement time, so both are asked.
        long fromTables;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            fromTables = await db.Orders.AsNoTracking().Where(o => o.OperatorId == expired.OperatorId && o.CreatedAt <= expired.TriggerAt)
                .OrderByDescending(o => o.Id).Select(o => o.Id).FirstOrDefaultAsync(cancellationToken);
        var resting = await Host.ReadAsync(session =>
        {
            var orders = new List<OrderView>();
            session.Engine.OpenOrders(expired.OperatorId, orders);
            return orders;
        }, cancellationToken);
        var upTo = Bound(fromTables, resting, expired.TriggerAt);
        OrderOutcome? outcome = null;
        try
        {
            outcome = await Host.SubmitAsync<OrderOutcome>(
                new CancelAllOrders(expired.OperatorId, upTo) { By = CancelAfter.Actor, IdempotencyKey = KeyOf(expired) }, cancellationToken);
        }
        catch (IdempotencyConflictException)
        {
            // A leader that died after this expiry's cancel saw another bound (a node whose clock stood apart): the
            // expiry has fired once already, which is all it may do.
        }
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            await db.CancelAfterSwitches.Where(s => s.OperatorId == expired.OperatorId && s.FiringAt != null).ExecuteDeleteAsync(cancellationToken);
        logger.LogInformation("Cancel-after expired for operator {OperatorId}: {Count} orders cancelled", expired.OperatorId, outcome?.Cancelled.Count ?? 0);
    }

    /// <summary>
    /// The newest order id a switch due at <paramref name="due"/> (UTC) covers: the newest of the operator's orders the
    /// tables show placed by then (<paramref name="fromTables"/>, 0 for none), or of its orders resting in the writer
    /// stamped before the due time's millisecond (a placement the tables do not show yet; the stamp is whole
    /// milliseconds, so one in the due millisecond itself counts only once the tables show it).
    /// </summary>
    internal static long Bound(long fromTables, IEnumerable<OrderView> resting, DateTime due)
    {
        var dueMs = new DateTimeOffset(due.Ticks, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var bound = fromTables;
        foreach (var order in resting)
        {
            if (order.Timestamp < dueMs && order.OrderId > bound)
                bound = order.OrderId;
        }
        return bound;
    }

    /// <summary>The expiry's idempotency key: one per operator and due time (at most 64 characters).</summary>
    internal static string KeyOf(CancelAfterSwitch expired) =>
        $"cancel-after:{expired.OperatorId}:{expired.TriggerAt.Ticks}";
}
