namespace XpFlywheel.Web.Epochs;

/// <summary>
/// Closed: paid in full by this request. Paying: closed by parts, credits still being paid (<see cref="EpochPayout"/>).
/// AlreadyClosed, NotDue (or an earlier epoch still paying), Unknown: nothing changed.
/// </summary>
public enum CloseStatus { Closed, AlreadyClosed, NotDue, Unknown, Paying }

/// <summary>What a close request did. Only <see cref="CloseStatus.Closed"/> moved value.</summary>
public sealed record CloseOutcome(CloseStatus Status, long Number, long Pool = 0, long Allocated = 0, long CarryOver = 0, int AgentsPaid = 0)
{
    public bool Closed => Status == CloseStatus.Closed;
}
