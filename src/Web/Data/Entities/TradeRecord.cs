namespace XpFlywheel.Web.Data.Entities;

/// <summary>One execution at the maker's price. Fees are cash micros paid to the treasury.</summary>
public class TradeRecord
{
    public long Id { get; set; }
    public long MakerOrderId { get; set; }
    public long TakerOrderId { get; set; }
    public long MakerOperatorId { get; set; }
    public long TakerOperatorId { get; set; }
    public long PriceTicks { get; set; }
    public long Quantity { get; set; }
    public int TakerSide { get; set; }
    public long TakerFee { get; set; }
    public long MakerFee { get; set; }
    public DateTime ExecutedAt { get; set; }

    /// <summary>Journal sequence of the command that executed the trade (0 for trades recorded before it was kept).</summary>
    public long Sequence { get; set; }
}
