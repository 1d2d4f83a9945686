namespace XpFlywheel.Web.Data.Entities;

/// <summary>
/// One staged line of an epoch's score (<see cref="Core.Commands.StageEpochScore"/>): the same figures as its
/// allocation line will have, kept by the writer between staging and the part that pays it. Amounts in XP units,
/// volume in micro-dollars.
/// </summary>
public class EpochScoreLineRecord
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
