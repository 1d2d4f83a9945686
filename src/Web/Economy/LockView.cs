using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Economy;

/// <summary>A lock as pages and the API show it.</summary>
public sealed record LockView(
    long Id,
    long AgentId,
    string AgentName,
    long Amount,
    LockStatus Status,
    DateTime LockedAt,
    DateTime? UnlockRequestedAt,
    DateTime? ReleasableAt,
    DateTime? ReleasedAt)
{
    public static LockView From(LockRecord row, string agentName) =>
        new(row.Id, row.AgentId, agentName, row.Amount, row.Status, row.LockedAt, row.UnlockRequestedAt, row.ReleasableAt, row.ReleasedAt);
}
