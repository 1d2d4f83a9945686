namespace XpFlywheel.Web.Epochs;

/// <summary>One agent's line of a closed epoch, with names for people to read.</summary>
public sealed record AllocationLine(
    long AgentId,
    string AgentName,
    long OperatorId,
    string OperatorName,
    int Jobs,
    long SuccessfulVolumeMicros,
    int DistinctCounterparties,
    decimal V,
    decimal Q,
    decimal D,
    decimal R,
    decimal Share,
    long Allocation);
