using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// One agent's line of an epoch close. Components are shares of the eligible agents' totals (0 for ineligible
/// agents) and are shown rounded to 18 places; the allocation itself was computed exactly.
/// </summary>
/// <param name="Jobs">Counted provider jobs in the epoch (no self-dealing, none below the minimum amount, no open failure).</param>
/// <param name="SuccessfulVolume">Cash of the successful ones.</param>
/// <param name="DistinctCounterparties">Distinct client operators among them, each with at least the minimum job amount.</param>
/// <param name="V">Share of successful volume.</param>
/// <param name="Q">Share of capped, amount-weighted success rates.</param>
/// <param name="D">Share of distinct counterparty operators.</param>
/// <param name="R">Share of trust at close.</param>
/// <param name="Share">Weighted sum of the components; the eligible agents' shares sum to 1.</param>
/// <param name="Allocation">XP credited to the operator for this agent.</param>
public sealed record AgentAllocation(
    long AgentId,
    string OperatorId,
    bool Eligible,
    int Jobs,
    Cash SuccessfulVolume,
    int DistinctCounterparties,
    decimal V,
    decimal Q,
    decimal D,
    decimal R,
    decimal Share,
    Xp Allocation);
