namespace XpFlywheel.Web.Data.Entities;

/// <summary>
/// The first outcome of a placement that carried a client order id, so a retry after a restart still returns it
/// instead of placing twice. Rejected placements have no order id, which is why this is not a column of orders.
/// </summary>
public class ClientOrderEntry
{
    public long OperatorId { get; set; }
    public string ClientOrderId { get; set; } = "";
    public int Side { get; set; }
    public int Type { get; set; }
    public long PriceTicks { get; set; }
    public long Quantity { get; set; }
    public int TimeInForce { get; set; }
    public bool PostOnly { get; set; }
    public int Status { get; set; }
    public int RejectReason { get; set; }
    public long OrderId { get; set; }

    /// <summary>
    /// When the id was first used (UTC, the batch's time): the id answers retries for the idempotency retention after
    /// this (<c>Exchange:IdempotencyRetention</c>, 24 h), longer while its order rests; then the row is deleted.
    /// </summary>
    public DateTime At { get; set; }
}
