using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// Turns one engine outcome into an <see cref="OrderChange"/> per order it touched: the placed or amended order
/// first, then each maker it filled in execution order, then each other order it cancelled. Read on the writer right
/// after the command, so each change holds the order's state as this command left it.
/// </summary>
internal static class OrderChanges
{
    /// <param name="amendedPriceTicks">For an amend, the order's limit after it (ticks; 0 when unknown): an amended order
    /// that trades away in the same command is reported at its own price, not at its first fill's.</param>
    public static void Collect(ExchangeSession session, OrderOutcome outcome, PlaceOrder? placed, long amendedPriceTicks = 0)
    {
        var changes = new List<Builder>();
        if (outcome.Accepted && outcome.OrderId > 0)
        {
            var limit = placed is { Type: OrderType.Market } || placed is null ? default : placed.Value.LimitPrice;
            var own = Find(changes, outcome.OrderId, placed?.OperatorId ?? 0, placed?.Side ?? default, limit);
            own.Placed = placed is not null;
            own.Amended = placed is null;
            if (placed is null && amendedPriceTicks > 0)
                own.Limit = new Price(amendedPriceTicks);
            own.ClientOrderId = placed?.ClientOrderId;
        }
        foreach (var fill in outcome.Fills)
        {
            var makerSide = fill.TakerSide == Side.Buy ? Side.Sell : Side.Buy;
            Find(changes, fill.TakerOrderId, fill.TakerOperatorId, fill.TakerSide, fill.Price)
                .Fills.Add(new OrderFill(fill.TradeId, fill.Price, fill.Quantity, fill.TakerFee, Maker: false));
            Find(changes, fill.MakerOrderId, fill.MakerOperatorId, makerSide, fill.Price)
                .Fills.Add(new OrderFill(fill.TradeId, fill.Price, fill.Quantity, fill.MakerFee, Maker: true));
        }
        foreach (var cancelled in outcome.Cancelled)
            Find(changes, cancelled.OrderId, cancelled.OperatorId, cancelled.Side, cancelled.Price).Cancelled = cancelled;

        foreach (var change in changes)
            session.OrderChanges.Add(change.Build(session));
    }

    private static Builder Find(List<Builder> changes, long orderId, long operatorId, Side side, Price price)
    {
        foreach (var change in changes)
        {
            if (change.OrderId == orderId)
            {
                if (change.OperatorId == 0)
                    (change.OperatorId, change.Side, change.Price) = (operatorId, side, price);
                return change;
            }
        }
        var added = new Builder { OrderId = orderId, OperatorId = operatorId, Side = side, Price = price };
        changes.Add(added);
        return added;
    }

    private sealed class Builder
    {
        public long OrderId;
        public long OperatorId;
        public Side Side;
        public Price Price;
        public Price? Limit;
        public bool Placed;
        public bool Amended;
        public string? ClientOrderId;
        public CancelledOrder? Cancelled;
        public List<OrderFill> Fills { get; } = [];

        public OrderChange Build(ExchangeSession session)
        {
            OrderChangeKind kind;
            var remaining = Xp.Zero;
            var price = Limit ?? Price;
            CancelReason? reason = null;
            if (session.Engine.TryGetOrder(OrderId, out var view))
            {
                (OperatorId, Side, price, remaining) = (view.OperatorId, view.Side, view.Price, view.Remaining);
                kind = Fills.Count > 0 ? OrderChangeKind.PartiallyFilled : Placed ? OrderChangeKind.New : OrderChangeKind.Amended;
            }
            else if (Cancelled is { } cancelled)
            {
                remaining = cancelled.Remaining;
                reason = cancelled.Reason;
                kind = cancelled.Reason == CancelReason.Expired ? OrderChangeKind.Expired : OrderChangeKind.Cancelled;
            }
            else
            {
                kind = OrderChangeKind.Filled;
            }
            return new OrderChange(session.Sequence, OrderId, OperatorId, kind, Side, price, remaining,
                ClientOrderId ?? session.Engine.ClientOrderIdOf(OrderId), reason, Fills);
        }
    }
}
