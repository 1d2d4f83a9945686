namespace XpFlywheel.Web.Data.Entities;

public enum OtcOfferStatus { Open, Filled, Cancelled, Expired }

/// <summary>
/// An offer on the OTC desk. <see cref="Held"/> is what it still holds in the OTC escrow account: XP for a sell,
/// micro-dollars for a buy, always <see cref="Remaining"/> × <see cref="UnitHold"/> while it is open and 0 once closed.
/// </summary>
public class OtcOfferRecord
{
    public long Id { get; set; }
    public long OperatorId { get; set; }
    /// <summary>The maker's side (<see cref="Core.Matching.Side"/>).</summary>
    public int Side { get; set; }
    public long PriceTicks { get; set; }
    public long Quantity { get; set; }
    public long Remaining { get; set; }
    public long MinimumFill { get; set; }
    public long UnitHold { get; set; }
    public long Held { get; set; }
    /// <summary>The one operator who may take a private offer; null for a public one.</summary>
    public long? CounterpartyId { get; set; }
    public OtcOfferStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? ClosedAt { get; set; }
}
