namespace XpFlywheel.Web.Data.Entities;

public enum OrderStatus { Open, PartiallyFilled, Filled, Cancelled, Rejected }

/// <summary>
/// An order as the engine saw it, kept after it leaves the book for the operator's history. Open rows are what
/// rebuilds the book on start, in <see cref="Sequence"/> (time priority) order. Prices are in 0.0001 ticks,
/// quantities in XP, <see cref="Held"/> in cash micros (buys) or XP (sells).
/// </summary>
public class OrderRecord
{
    public long Id { get; set; }
    public long OperatorId { get; set; }
    public int Side { get; set; }
    public int Type { get; set; }
    public int TimeInForce { get; set; }
    public bool PostOnly { get; set; }
    public long PriceTicks { get; set; }
    public long Quantity { get; set; }
    public long Remaining { get; set; }
    public long Filled { get; set; }
    public long Held { get; set; }
    public long Sequence { get; set; }
    public OrderStatus Status { get; set; }
    public string? CancelReason { get; set; }
    public string? ClientOrderId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
