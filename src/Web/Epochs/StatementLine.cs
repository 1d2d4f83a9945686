namespace XpFlywheel.Web.Epochs;

/// <summary>
/// One agent's epoch statement: what it did (jobs, volume, the fees its operator paid as provider and at which
/// tier), what its operator burned in the epoch, what is locked on it, and what it was paid with the components.
/// </summary>
public sealed record StatementLine(
    long Epoch,
    long AgentId,
    string AgentName,
    int Jobs,
    long SuccessfulVolumeMicros,
    long FeesPaidMicros,
    string FeeTiers,
    long OperatorBurnedXp,
    long LockedXp,
    decimal V,
    decimal Q,
    decimal D,
    decimal R,
    decimal Share,
    long Allocation);
