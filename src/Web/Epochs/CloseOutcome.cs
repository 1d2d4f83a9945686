namespace XpFlywheel.Web.Epochs;

public enum CloseStatus { Closed, AlreadyClosed, NotDue, Unknown }

/// <summary>What a close request did. Only <see cref="CloseStatus.Closed"/> moved value.</summary>
public sealed record CloseOutcome(CloseStatus Status, long Number, long Pool = 0, long Allocated = 0, long CarryOver = 0, int AgentsPaid = 0)
{
    public bool Closed => Status == CloseStatus.Closed;
}
