namespace XpFlywheel.Web.Economy;

/// <summary>What an agent earned at one epoch close, with its share of the pool.</summary>
public sealed record AgentEpochLine(long Epoch, int Jobs, decimal Share, long Allocation);
