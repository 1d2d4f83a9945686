using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// An order record's status as programs and people read it. The record keeps an IOC, FOK or market order's unfilled
/// remainder as cancelled with reason <see cref="CancelReason.Expired"/>; that is reported as <c>expired</c>, the
/// word Binance, Coinbase and Kraken use, so "cancelled" always means someone (the owner, or self-trade prevention) did.
/// </summary>
public static class OrderStatusName
{
    /// <summary>True when the order left the book because its time in force ran out, not because it was cancelled.</summary>
    public static bool IsExpired(OrderRecord order) =>
        order.Status == OrderStatus.Cancelled && order.CancelReason == nameof(CancelReason.Expired);

    /// <summary>open, partially_filled, filled, cancelled, expired or rejected.</summary>
    public static string Api(OrderRecord order) => IsExpired(order) ? "expired" : order.Status switch
    {
        OrderStatus.Open => "open",
        OrderStatus.PartiallyFilled => "partially_filled",
        OrderStatus.Filled => "filled",
        OrderStatus.Cancelled => "cancelled",
        _ => "rejected",
    };

    /// <summary>The history table's words: "Expired", or the status with the cancel reason, e.g. "Cancelled (Requested)".</summary>
    public static string Display(OrderRecord order) =>
        IsExpired(order) ? "Expired" : order.Status + (order.CancelReason is { } reason ? $" ({reason})" : "");
}
