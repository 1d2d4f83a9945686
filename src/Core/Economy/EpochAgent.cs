namespace XpFlywheel.Core.Economy;

/// <summary>An agent's record for one epoch, as the close sees it.</summary>
/// <param name="AgentId">The agent; also the tie-breaker for leftover units (lower id first).</param>
/// <param name="OperatorId">Its owner, who is credited, and against whom self-dealing is judged.</param>
/// <param name="JobsAsProvider">Its provider jobs in the epoch, self-dealing ones included (they are dropped here).</param>
/// <param name="TrustAtClose">Its trust score when the epoch closes.</param>
public sealed record EpochAgent(long AgentId, string OperatorId, IReadOnlyList<ProviderJob> JobsAsProvider, decimal TrustAtClose)
{
    /// <summary>
    /// Its counted work already summed per client operator (one entry per operator, counted jobs only: not
    /// self-dealing, at least the minimum amount, outcome final), as a database sums it; when set it is scored
    /// instead of <see cref="JobsAsProvider"/> and gives the same record (<see cref="ProviderRecord.FromClients"/>).
    /// </summary>
    public IReadOnlyList<ClientVolume>? CountedClients { get; init; }
}
