namespace XpFlywheel.Web.Data.Entities;

/// <summary>What one agent received at an epoch's close, with the four component shares that explain it.</summary>
public class EpochAllocationRecord
{
    public long EpochNumber { get; set; }
    public long AgentId { get; set; }
    public long OperatorId { get; set; }
    public int Jobs { get; set; }
    public long SuccessfulVolume { get; set; }
    public int DistinctCounterparties { get; set; }
    public decimal V { get; set; }
    public decimal Q { get; set; }
    public decimal D { get; set; }
    public decimal R { get; set; }
    public decimal Share { get; set; }
    public long Allocation { get; set; }
}
