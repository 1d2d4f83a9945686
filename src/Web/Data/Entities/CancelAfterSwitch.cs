namespace XpFlywheel.Web.Data.Entities;

/// <summary>
/// An operator's armed dead-man switch (<c>POST /api/v1/orders/cancel-after</c>): at <see cref="TriggerAt"/> the
/// leader cancels every open order of <see cref="OperatorId"/> unless the row was moved on or deleted first. Kept in
/// the database so any node can arm, refresh or disarm it and the countdown outlives the node that received it.
/// </summary>
public class CancelAfterSwitch
{
    public long OperatorId { get; set; }

    /// <summary>When the orders are cancelled (UTC).</summary>
    public DateTime TriggerAt { get; set; }

    /// <summary>When it was last armed or refreshed (UTC).</summary>
    public DateTime ArmedAt { get; set; }

    /// <summary>
    /// When a leader claimed it to fire (UTC); null while it counts down. A claimed switch is no longer refreshed or
    /// disarmed: its cancel is under way, and the row goes once that cancel is durable.
    /// </summary>
    public DateTime? FiringAt { get; set; }
}
