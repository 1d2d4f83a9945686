namespace XpFlywheel.Core.Economy;

/// <summary>An agent's record for one epoch, as the close sees it.</summary>
/// <param name="AgentId">The agent; also the tie-breaker for leftover units (lower id first).</param>
/// <param name="OperatorId">Its owner, who is credited, and against whom self-dealing is judged.</param>
/// <param name="JobsAsProvider">Its provider jobs in the epoch, self-dealing ones included (they are dropped here).</param>
/// <param name="TrustAtClose">Its trust score when the epoch closes.</param>
public sealed record EpochAgent(long AgentId, string OperatorId, IReadOnlyList<ProviderJob> JobsAsProvider, decimal TrustAtClose);
