namespace XpFlywheel.Web.Data.Entities;

public enum LockStatus { Locked, Unlocking, Released }

/// <summary>XP locked on an agent. An unlock request moves it to Unlocking until <see cref="ReleasableAt"/>.</summary>
public class LockRecord
{
    public long Id { get; set; }
    public long OperatorId { get; set; }
    public long AgentId { get; set; }
    public long Amount { get; set; }
    public LockStatus Status { get; set; }
    public DateTime LockedAt { get; set; }
    public DateTime? UnlockRequestedAt { get; set; }
    public DateTime? ReleasableAt { get; set; }
    public DateTime? ReleasedAt { get; set; }
}
