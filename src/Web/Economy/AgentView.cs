using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Economy;

/// <summary>An agent as pages and the API show it, with its trust computed at <c>now</c>.</summary>
public sealed record AgentView(
    long Id,
    long OperatorId,
    string OperatorName,
    string Name,
    string Description,
    DateTime CreatedAt,
    DateTime? RetiredAt,
    int Jobs,
    int Succeeded,
    decimal CountedSuccessRate,
    long LockedXp,
    long UnlockingXp,
    long EarnedLastEpoch,
    TrustScore Trust,
    TimeSpan Age)
{
    public bool IsRetired => RetiredAt is not null;

    /// <summary>Lifetime success rate as provider over counted jobs, weighted by amount and capped per client (SPEC §6); null with none.</summary>
    public double? SuccessRate => Jobs == 0 ? null : (double)CountedSuccessRate;

    public static AgentView From(Agent agent, string operatorName, DateTime now) => new(
        agent.Id, agent.OperatorId, operatorName, agent.Name, agent.Description, agent.CreatedAt, agent.RetiredAt,
        agent.JobsAsProvider, agent.SucceededAsProvider, Core.Economy.ProviderRecord.RateFromPpb(agent.SuccessRatePpb), agent.LockedXp, agent.UnlockingXp, agent.EarnedLastEpoch,
        AgentTrust.Score(agent, now), now - agent.CreatedAt);
}
