namespace XpFlywheel.Web.Data.Entities;

public enum OtcQuoteStatus { Open, Accepted, Closed }

/// <summary>A firm quote answering a request for quote; it holds nothing and is firm until <see cref="ExpiresAt"/>.</summary>
public class OtcQuoteRecord
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public long OperatorId { get; set; }
    public long PriceTicks { get; set; }
    public OtcQuoteStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
