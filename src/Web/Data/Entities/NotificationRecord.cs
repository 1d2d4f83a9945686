namespace XpFlywheel.Web.Data.Entities;

/// <summary>An event addressed to one operator (order filled, unlock released, tier lapsing, epoch paid).</summary>
public class NotificationRecord
{
    public long Id { get; set; }
    public long OperatorId { get; set; }
    public DateTime At { get; set; }
    public string Kind { get; set; } = "";
    public string Message { get; set; } = "";
    public bool Read { get; set; }
}
