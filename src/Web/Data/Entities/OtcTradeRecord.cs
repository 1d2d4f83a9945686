namespace XpFlywheel.Web.Data.Entities;

/// <summary>
/// One OTC trade: a take of an offer (<see cref="OfferId"/>) or an accepted quote (<see cref="QuoteId"/>). Kept apart
/// from the book's trades: it does not move the last price or the candles.
/// </summary>
public class OtcTradeRecord
{
    public long Id { get; set; }
    public long? OfferId { get; set; }
    public long? QuoteId { get; set; }
    public long MakerOperatorId { get; set; }
    public long TakerOperatorId { get; set; }
    public long BuyerOperatorId { get; set; }
    public long SellerOperatorId { get; set; }
    public long PriceTicks { get; set; }
    public long Quantity { get; set; }
    public long NotionalMicros { get; set; }
    public long MakerFeeMicros { get; set; }
    public long TakerFeeMicros { get; set; }
    /// <summary>Whether the offer was private (then only its two sides see the trade in their history; the tape shows it without names).</summary>
    public bool Private { get; set; }
    public DateTime At { get; set; }
    public long Sequence { get; set; }
}
