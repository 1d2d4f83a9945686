using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// An order as a person or program states it: a decimal price in dollars, a whole XP quantity. <see cref="Validate"/>
/// turns it into an engine command or says exactly what is wrong, before anything reaches the engine.
/// </summary>
public sealed record PlaceOrderRequest(
    Side Side,
    OrderType Type,
    decimal? Price,
    long Quantity,
    TimeInForce TimeInForce = TimeInForce.Gtc,
    bool PostOnly = false,
    string? ClientOrderId = null)
{
    public const int MaxClientOrderIdLength = 64;

    public IReadOnlyDictionary<string, string[]> Validate(long operatorId, out PlaceOrder command)
    {
        var errors = new Dictionary<string, string[]>();
        command = default;
        if (!Enum.IsDefined(Side))
            errors["side"] = ["Side must be buy or sell."];
        if (!Enum.IsDefined(Type))
            errors["type"] = ["Type must be limit or market."];
        if (!Enum.IsDefined(TimeInForce))
            errors["timeInForce"] = ["Time in force must be GTC, IOC or FOK."];
        if (Quantity < 1 || Quantity > MatchingEngine.MaxQuantity)
            errors["quantity"] = ["Quantity must be a whole number of XP from 1 to 1,000,000,000."];
        var ticks = 0L;
        if (Type == OrderType.Limit)
        {
            var limit = default(Price);
            switch (Price is { } price ? Core.Primitives.Price.Check(price, MatchingEngine.MaxPriceTicks, out limit) : PriceCheck.NotPositive)
            {
                case PriceCheck.NotPositive: errors["price"] = ["A limit order needs a price above zero."]; break;
                case PriceCheck.OffTick: errors["price"] = ["The price must be a multiple of the 0.0001 tick."]; break;
                case PriceCheck.TooHigh: errors["price"] = ["The price must be at most $1,000 per XP."]; break;
                default: ticks = limit.Ticks; break;
            }
        }
        if (Type == OrderType.Market && Price is not null)
            errors["price"] = ["A market order takes no price: it fills at the best prices in the book, within the price band. Send a limit order to set a price."];
        if (Type == OrderType.Market && TimeInForce == TimeInForce.Gtc)
            errors["timeInForce"] = ["A market order never rests: its time in force is IOC (the default) or FOK, and what it cannot fill expires."];
        if (PostOnly && (Type != OrderType.Limit || TimeInForce != TimeInForce.Gtc))
            errors["postOnly"] = ["Post-only applies to good-till-cancelled limit orders only."];
        if (ClientOrderId is { } id && (id.Length == 0 || id.Length > MaxClientOrderIdLength || id.Any(char.IsControl)))
            errors["clientOrderId"] = [$"The client order id must be 1 to {MaxClientOrderIdLength} printable characters."];
        else if (ClientOrderId is "." or "..")
            // An address ending in /by-client-id/.. is rewritten by every URL parser, so such an id could never be looked up.
            errors["clientOrderId"] = ["The client order id cannot be \".\" or \"..\": addresses drop them, so the order could not be looked up by it."];

        if (errors.Count == 0)
            command = new PlaceOrder(operatorId, Side, Type, new Price(ticks), new Xp(Quantity), TimeInForce, PostOnly, ClientOrderId);
        return errors;
    }
}
