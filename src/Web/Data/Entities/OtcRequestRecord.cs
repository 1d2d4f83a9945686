namespace XpFlywheel.Web.Data.Entities;

public enum OtcRequestStatus { Open, Accepted, Cancelled, Expired }

/// <summary>A request for quote: the requester wants to buy or sell <see cref="Quantity"/> XP (its <see cref="Side"/>).</summary>
public class OtcRequestRecord
{
    public long Id { get; set; }
    public long OperatorId { get; set; }
    /// <summary>The requester's side (<see cref="Core.Matching.Side"/>).</summary>
    public int Side { get; set; }
    public long Quantity { get; set; }
    public OtcRequestStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public long? AcceptedQuoteId { get; set; }
    public DateTime? ClosedAt { get; set; }
}
