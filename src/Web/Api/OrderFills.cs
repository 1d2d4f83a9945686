using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Api;

/// <summary>
/// What an order's fills add up to, from the Trades table: quote (Σ price × quantity) and the fees its side paid, both
/// in cash micro-dollars. Read for a page of one operator's orders in one query.
/// </summary>
public readonly record struct OrderFills(long QuoteMicros, long FeeMicros)
{
    /// <summary>The fills of each of <paramref name="orders"/> (all of operator <paramref name="operatorId"/>), by order id.</summary>
    public static async Task<IReadOnlyDictionary<long, OrderFills>> LoadAsync(AppDbContext db, long operatorId, IReadOnlyCollection<OrderRecord> orders,
        CancellationToken cancellationToken)
    {
        var ids = orders.Where(o => o.Filled > 0).Select(o => o.Id).ToList();
        var totals = new Dictionary<long, OrderFills>();
        if (ids.Count == 0)
            return totals;
        var trades = await db.Trades.AsNoTracking()
            .Where(t => (t.MakerOperatorId == operatorId && ids.Contains(t.MakerOrderId)) || (t.TakerOperatorId == operatorId && ids.Contains(t.TakerOrderId)))
            .Select(t => new { t.MakerOrderId, t.TakerOrderId, t.PriceTicks, t.Quantity, t.MakerFee, t.TakerFee })
            .ToListAsync(cancellationToken);
        var wanted = ids.ToHashSet();
        foreach (var t in trades)
        {
            var quote = checked(t.PriceTicks * Core.Primitives.Price.MicrosPerTick * t.Quantity);
            if (wanted.Contains(t.MakerOrderId))
                Add(t.MakerOrderId, quote, t.MakerFee);
            if (wanted.Contains(t.TakerOrderId))
                Add(t.TakerOrderId, quote, t.TakerFee);
        }
        return totals;

        void Add(long orderId, long quote, long fee)
        {
            var sum = totals.GetValueOrDefault(orderId);
            totals[orderId] = new OrderFills(sum.QuoteMicros + quote, sum.FeeMicros + fee);
        }
    }

    /// <summary>The order with its fills as its owner reads it.</summary>
    public static async Task<OrderDto> DtoAsync(AppDbContext db, OrderRecord order, CancellationToken cancellationToken) =>
        OrderDto.From(order, (await LoadAsync(db, order.OperatorId, [order], cancellationToken)).GetValueOrDefault(order.Id));

    /// <summary>The orders with their fills as their owner reads them, in the given order.</summary>
    public static async Task<List<OrderDto>> DtosAsync(AppDbContext db, long operatorId, IReadOnlyCollection<OrderRecord> orders, CancellationToken cancellationToken)
    {
        var fills = await LoadAsync(db, operatorId, orders, cancellationToken);
        return [.. orders.Select(o => OrderDto.From(o, fills.GetValueOrDefault(o.Id)))];
    }
}
