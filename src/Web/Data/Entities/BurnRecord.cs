namespace XpFlywheel.Web.Data.Entities;

/// <summary>XP an operator burned: counts towards its fee tier for 30 days and fills the next epoch's pool.</summary>
public class BurnRecord
{
    public long Id { get; set; }
    public long OperatorId { get; set; }
    public long Amount { get; set; }
    public DateTime At { get; set; }
}
