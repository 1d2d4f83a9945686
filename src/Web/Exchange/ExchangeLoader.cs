using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// Rebuilds the ledger, the book and the parameters from the database: balances (which already include every hold),
/// the open orders in time-priority order, the engine's counters, the client order ids and the stored parameter set
/// (one version after <paramref name="previousVersion"/>), so a restarted exchange gives the same results a
/// never-stopped one would.
/// </summary>
internal static class ExchangeLoader
{
    /// <param name="keyRetention">How long a client order id answers retries (the host's idempotency retention).</param>
    /// <param name="snapshot">
    /// Read every table in one repeatable-read transaction: a follower loads while the leader writes, and must see the
    /// tables at one checkpoint. The writer loads alone and needs none.
    /// </param>
    public static async Task<ExchangeState> LoadAsync(IDbContextFactory<AppDbContext> dbFactory, ParameterDefaults defaults, long previousVersion,
        ILogger logger, CancellationToken cancellationToken, TimeSpan? keyRetention = null, bool snapshot = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = snapshot ? await db.BeginSnapshotAsync(cancellationToken) : null;
        var ledger = new AccountLedger();
        var parameters = await ParameterRows.LoadAsync(db, defaults, logger, cancellationToken) with { Version = previousVersion + 1 };
        var openOrders = await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.Open || o.Status == OrderStatus.PartiallyFilled)
            .OrderBy(o => o.Sequence).ToListAsync(cancellationToken);
        var engine = new MatchingEngine(ledger, parameters.Market, Math.Max(4_096, openOrders.Count * 2));
        if (keyRetention is { } retention)
            engine.ClientOrderIdRetentionMs = (long)retention.TotalMilliseconds;

        await foreach (var wallet in db.Wallets.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Restore(ledger, AccountId.CashAvailable(wallet.Id), wallet.CashAvailable);
            Restore(ledger, AccountId.CashHeld(wallet.Id), wallet.CashHeld);
            Restore(ledger, AccountId.XpAvailable(wallet.Id), wallet.XpAvailable);
            Restore(ledger, AccountId.XpHeld(wallet.Id), wallet.XpHeld);
            Restore(ledger, AccountId.XpLocked(wallet.Id), wallet.XpLocked);
            Restore(ledger, AccountId.XpUnlocking(wallet.Id), wallet.XpUnlocking);
        }
        foreach (var account in await db.SystemAccounts.AsNoTracking().ToListAsync(cancellationToken))
            Restore(ledger, new AccountId(AccountId.SystemOwner, (Asset)account.Asset, (AccountKind)account.Kind), account.Balance);

        var updatedAt = new Dictionary<long, DateTime>(openOrders.Count);
        foreach (var order in openOrders)
        {
            updatedAt[order.Id] = DateTime.SpecifyKind(order.UpdatedAt, DateTimeKind.Utc);
            engine.RestoreOrder(new OrderView(order.Id, order.OperatorId, (Side)order.Side, new Price(order.PriceTicks),
                new Xp(order.Remaining), order.Sequence, new DateTimeOffset(order.CreatedAt).ToUnixTimeMilliseconds(), order.Held, order.PostOnly));
        }

        long projected = 0;
        if (await db.MarketState.AsNoTracking().SingleOrDefaultAsync(cancellationToken) is { } state)
        {
            projected = state.ProjectedSequence;
            engine.RestoreState(new EngineState(new Price(state.LastPriceTicks), state.NextOrderId, state.NextTradeId, state.NextSequence, state.Halted));
            ledger.RestorePostingSequence(state.NextPostingSequence);
        }

        // Oldest first: the engine forgets them in the order they were first used.
        foreach (var entry in await db.ClientOrders.AsNoTracking().OrderBy(c => c.At).ToListAsync(cancellationToken))
        {
            var command = new PlaceOrder(entry.OperatorId, (Side)entry.Side, (OrderType)entry.Type, new Price(entry.PriceTicks),
                new Xp(entry.Quantity), (TimeInForce)entry.TimeInForce, entry.PostOnly, entry.ClientOrderId,
                new DateTimeOffset(DateTime.SpecifyKind(entry.At, DateTimeKind.Utc)).ToUnixTimeMilliseconds());
            engine.RestoreClientOrderId(command, (CommandStatus)entry.Status, (RejectReason)entry.RejectReason, entry.OrderId);
        }

        if (engine.CheckInvariants() is { } broken)
            logger.LogCritical("The restored exchange breaks an invariant: {Invariant}", broken);
        if (!snapshot)
            logger.LogInformation("Exchange restored: {Orders} open orders, {Operators} operators", openOrders.Count, ledger.Operators.Count);
        var escrow = await EscrowHolds.LoadAsync(db, cancellationToken);
        return new ExchangeState(ledger, engine, parameters, defaults) { ProjectedSequence = projected, Escrow = escrow, OrderUpdatedAt = updatedAt };
    }

    private static void Restore(AccountLedger ledger, AccountId account, long balance)
    {
        if (balance != 0)
            ledger.Restore(account, balance);
    }
}
