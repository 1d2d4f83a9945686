using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

/// <summary>
/// A new order. <paramref name="LimitPrice"/> is ignored for market orders. A non-null
/// <paramref name="ClientOrderId"/> makes the command idempotent per operator: a retry returns the first outcome, for
/// <see cref="MatchingEngine.ClientOrderIdRetentionMs"/> after it (longer while its order rests).
/// <paramref name="Timestamp"/> is the host's clock in Unix milliseconds, kept on the order; the engine compares it only
/// with a client order id's retention, never with a clock of its own.
/// </summary>
public readonly record struct PlaceOrder(
    long OperatorId,
    Side Side,
    OrderType Type,
    Price LimitPrice,
    Xp Quantity,
    TimeInForce TimeInForce = TimeInForce.Gtc,
    bool PostOnly = false,
    string? ClientOrderId = null,
    long Timestamp = 0)
{
    public static PlaceOrder Limit(long operatorId, Side side, Price price, Xp quantity,
        TimeInForce tif = TimeInForce.Gtc, bool postOnly = false, string? clientOrderId = null) =>
        new(operatorId, side, OrderType.Limit, price, quantity, tif, postOnly, clientOrderId);

    public static PlaceOrder Market(long operatorId, Side side, Xp quantity,
        TimeInForce tif = TimeInForce.Ioc, string? clientOrderId = null) =>
        new(operatorId, side, OrderType.Market, default, quantity, tif, false, clientOrderId);

    /// <summary>Same order terms, ignoring the timestamp: how a retry is told apart from a reused id.</summary>
    internal bool SameTerms(in PlaceOrder other) =>
        OperatorId == other.OperatorId && Side == other.Side && Type == other.Type
        && (Type == OrderType.Market || LimitPrice == other.LimitPrice)
        && Quantity == other.Quantity && TimeInForce == other.TimeInForce && PostOnly == other.PostOnly;
}
