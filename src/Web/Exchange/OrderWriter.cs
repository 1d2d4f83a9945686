using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// Turns one engine outcome into order and trade rows: the placed order with its state after the command, each
/// maker it filled, each order it cancelled, and the client order id's first outcome for idempotent retries.
/// </summary>
internal static class OrderWriter
{
    /// <param name="amendedPriceTicks">For an amend, the order's limit after it (its new price, or the one it kept): recorded even when the
    /// amended order trades away or is cancelled in the same command, so the record's limit is the one it traded at.</param>
    public static void Write(ExchangeSession session, OrderOutcome outcome, PlaceOrder? placed, long amendedPriceTicks = 0)
    {
        var rows = session.Rows;
        var engine = session.Engine;
        var now = session.Now;

        if (placed is { } command)
        {
            // Only an accepted placement takes its id (a rejected one, a reused id with other terms among them, is not
            // recorded: the id stays free, or keeps its first outcome).
            if (command.ClientOrderId is not null && outcome.Accepted && !outcome.IsRepeat)
                rows.UpsertClientOrder(command, outcome.Accepted, outcome.RejectReason, outcome.OrderId);
            if (outcome.Accepted && outcome.OrderId > 0)
            {
                var resting = engine.TryGetOrder(outcome.OrderId, out var view);
                var status = resting
                    ? outcome.FilledQuantity > 0 ? OrderStatus.PartiallyFilled : OrderStatus.Open
                    : outcome.FilledQuantity == command.Quantity.Units ? OrderStatus.Filled : OrderStatus.Cancelled;
                rows.InsertOrder(command, outcome.OrderId, status,
                    resting ? view.Remaining.Units : 0, outcome.FilledQuantity, resting ? view.Held : 0,
                    resting ? view.Sequence : 0, CancelReasonOf(outcome, outcome.OrderId));
                if (resting)
                    session.OrderUpdatedAt[outcome.OrderId] = now;
                session.OperatorsWithOrderChanges.Add(command.OperatorId);
                session.BookTouched = true;
            }
        }
        else if (outcome.Accepted && outcome.OrderId > 0)
        {
            // An amend: the order may have moved, shrunk, traded as a taker or left the book. Even without a fill
            // or a cancel its level changed, so the published book must be replaced.
            session.BookTouched = true;
            long takerFilled = 0;
            foreach (var fill in outcome.Fills)
            {
                if (fill.TakerOrderId == outcome.OrderId)
                    takerFilled += fill.Quantity.Units;
            }
            if (CancelledEntry(outcome, outcome.OrderId) is { } own)
            {
                // Self-trade prevention (cancel incoming or both) took the amended order off the book after it traded:
                // first its fills and its amended size (filled + what was still open), then the cancel below, which
                // keeps that size, so the record agrees with its trades and its amend.
                rows.UpdateOrder(outcome.OrderId, takerFilled, own.Remaining.Units, 0, amendedPriceTicks, 0, OrderStatus.PartiallyFilled, null);
                session.OrderUpdatedAt.Remove(outcome.OrderId);
            }
            else
                WriteCurrent(session, outcome.OrderId, takerFilled, cancelled: false, reason: null, amendedPriceTicks);
        }

        foreach (var fill in outcome.Fills)
        {
            rows.InsertTrade(fill, session.Sequence);
            session.Fills.Add(fill);
            session.Prints.Add(TradePrint.From(fill, new DateTimeOffset(now), session.Sequence));
            session.TouchedOperators.Add(fill.MakerOperatorId);
            session.TouchedOperators.Add(fill.TakerOperatorId);
            session.OperatorsWithOrderChanges.Add(fill.MakerOperatorId);
            session.OperatorsWithOrderChanges.Add(fill.TakerOperatorId);
            if (fill.MakerOrderId != outcome.OrderId || placed is null)
                WriteCurrent(session, fill.MakerOrderId, fill.Quantity.Units, cancelled: false, reason: null);
            session.BookTouched = true;
        }

        foreach (var cancelled in outcome.Cancelled)
        {
            session.OperatorsWithOrderChanges.Add(cancelled.OperatorId);
            session.BookTouched = true;
            if (placed is not null && cancelled.OrderId == outcome.OrderId)
                continue;   // the new order's row was written with its final state above
            var price = placed is null && cancelled.OrderId == outcome.OrderId ? amendedPriceTicks : 0;
            rows.UpdateOrder(cancelled.OrderId, 0, 0, 0, price, 0, OrderStatus.Cancelled, cancelled.Reason.ToString());
            session.OrderUpdatedAt.Remove(cancelled.OrderId);
        }

        OrderChanges.Collect(session, outcome, placed, amendedPriceTicks);
    }

    private static void WriteCurrent(ExchangeSession session, long orderId, long filledDelta, bool cancelled, string? reason, long priceTicks = 0)
    {
        if (session.Engine.TryGetOrder(orderId, out var view))
        {
            session.Rows.UpdateOrder(orderId, filledDelta, view.Remaining.Units, view.Held, view.Price.Ticks, view.Sequence,
                OrderStatus.PartiallyFilled, reason);
            session.OrderUpdatedAt[orderId] = session.Now;
            session.OperatorsWithOrderChanges.Add(view.OperatorId);
        }
        else
        {
            session.Rows.UpdateOrder(orderId, filledDelta, 0, 0, priceTicks, 0, cancelled ? OrderStatus.Cancelled : OrderStatus.Filled, reason);
            session.OrderUpdatedAt.Remove(orderId);
        }
    }

    private static CancelledOrder? CancelledEntry(OrderOutcome outcome, long orderId)
    {
        foreach (var cancelled in outcome.Cancelled)
        {
            if (cancelled.OrderId == orderId)
                return cancelled;
        }
        return null;
    }

    private static string? CancelReasonOf(OrderOutcome outcome, long orderId)
    {
        foreach (var cancelled in outcome.Cancelled)
        {
            if (cancelled.OrderId == orderId)
                return cancelled.Reason.ToString();
        }
        return null;
    }
}
