using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Api;

/// <summary>
/// What an order's fills add up to, from the Trades table: quote (Σ price × quantity) and the fees its side paid, both
/// in cash micro-dollars, and the XP filled. Read for a page of one operator's orders in one query.
/// </summary>
public readonly record struct OrderFills(long QuoteMicros, long FeeMicros, long Quantity = 0)
{
    /// <summary>
    /// The fills of each of <paramref name="orders"/> (all of operator <paramref name="operatorId"/>), by order id; with
    /// <paramref name="tradeIdBound"/>, only the trades with a lower id (the fills up to a moment: trade ids only grow).
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, OrderFills>> LoadAsync(AppDbContext db, long operatorId, IReadOnlyCollection<OrderRecord> orders,
        CancellationToken cancellationToken, long? tradeIdBound = null)
    {
        var ids = orders.Where(o => o.Filled > 0).Select(o => o.Id).ToList();
        var totals = new Dictionary<long, OrderFills>();
        if (ids.Count == 0)
            return totals;
        var query = db.Trades.AsNoTracking()
            .Where(t => (t.MakerOperatorId == operatorId && ids.Contains(t.MakerOrderId)) || (t.TakerOperatorId == operatorId && ids.Contains(t.TakerOrderId)));
        if (tradeIdBound is { } bound)
            query = query.Where(t => t.Id < bound);
        var trades = await query
            .Select(t => new { t.MakerOrderId, t.TakerOrderId, t.PriceTicks, t.Quantity, t.MakerFee, t.TakerFee })
            .ToListAsync(cancellationToken);
        var wanted = ids.ToHashSet();
        foreach (var t in trades)
        {
            var quote = checked(t.PriceTicks * Core.Primitives.Price.MicrosPerTick * t.Quantity);
            if (wanted.Contains(t.MakerOrderId))
                Add(t.MakerOrderId, quote, t.MakerFee, t.Quantity);
            if (wanted.Contains(t.TakerOrderId))
                Add(t.TakerOrderId, quote, t.TakerFee, t.Quantity);
        }
        return totals;

        void Add(long orderId, long quote, long fee, long quantity)
        {
            var sum = totals.GetValueOrDefault(orderId);
            totals[orderId] = new OrderFills(sum.QuoteMicros + quote, sum.FeeMicros + fee, sum.Quantity + quantity);
        }
    }

    /// <summary>The order with its fills as its owner reads it.</summary>
    public static async Task<OrderDto> DtoAsync(AppDbContext db, OrderRecord order, CancellationToken cancellationToken) =>
        OrderDto.From(order, (await LoadAsync(db, order.OperatorId, [order], cancellationToken)).GetValueOrDefault(order.Id));

    /// <summary>
    /// <paramref name="order"/> (its owner's current row) as one amend left it: the limit, open quantity and status the
    /// amend recorded, and the fills, quote and fees of its trades before <see cref="AmendedOrder.TradeIdBound"/>. The
    /// size follows the row's rule: filled plus open while it rests or after the amend took it off, filled once it
    /// traded away; the update time is the one the amend recorded.
    /// </summary>
    public static async Task<OrderDto> AsAmendedAsync(AppDbContext db, OrderRecord order, AmendedOrder amended, CancellationToken cancellationToken)
    {
        var fills = (await LoadAsync(db, order.OperatorId, [order], cancellationToken, amended.TradeIdBound)).GetValueOrDefault(order.Id);
        var filled = fills.Quantity;
        var status = amended.Resting ? filled > 0 ? OrderStatus.PartiallyFilled : OrderStatus.Open
            : amended.CancelReason is not null ? OrderStatus.Cancelled : OrderStatus.Filled;
        var asLeft = new OrderRecord
        {
            Id = order.Id, OperatorId = order.OperatorId, Side = order.Side, Type = order.Type, TimeInForce = order.TimeInForce,
            PostOnly = order.PostOnly, ClientOrderId = order.ClientOrderId, CreatedAt = order.CreatedAt,
            PriceTicks = amended.PriceTicks, Filled = filled, Status = status,
            Remaining = amended.Resting ? amended.Remaining : 0,
            Quantity = status == OrderStatus.Filled ? filled : filled + amended.Remaining,
            CancelReason = amended.CancelReason?.ToString(),
            UpdatedAt = amended.UpdatedAt,
        };
        return OrderDto.From(asLeft, fills);
    }

    /// <summary>The orders with their fills as their owner reads them, in the given order.</summary>
    public static async Task<List<OrderDto>> DtosAsync(AppDbContext db, long operatorId, IReadOnlyCollection<OrderRecord> orders, CancellationToken cancellationToken)
    {
        var fills = await LoadAsync(db, operatorId, orders, cancellationToken);
        return [.. orders.Select(o => OrderDto.From(o, fills.GetValueOrDefault(o.Id)))];
    }
}
