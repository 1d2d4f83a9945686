using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>The facts a trust score is made of, already filtered by the spec's rules.</summary>
/// <param name="LockedXp">XP locked on the agent; unlocking XP is not included.</param>
/// <param name="Age">Time since the agent was registered.</param>
/// <param name="SuccessRate">Lifetime success rate as provider over counted jobs (<see cref="ProviderRecord"/>),
/// in [0, 1]; 0 with none.</param>
/// <param name="Jobs">Counted jobs as provider.</param>
public sealed record TrustInputs(Xp LockedXp, TimeSpan Age, decimal SuccessRate, int Jobs)
{
    /// <summary>
    /// Gathers the inputs for an agent of <paramref name="providerOperatorId"/>: only jobs that count under
    /// <paramref name="rules"/> make its success rate, and only locks still locked count.
    /// </summary>
    public static TrustInputs From(
        string providerOperatorId,
        IEnumerable<ProviderJob> jobsAsProvider,
        IEnumerable<XpLock> locks,
        DateTimeOffset createdAt,
        DateTimeOffset at,
        ReputationRules rules)
    {
        var record = ProviderRecord.Of(providerOperatorId, jobsAsProvider, rules);
        return new TrustInputs(XpLock.LockedTotal(locks), at - createdAt, record.SuccessRate, record.Jobs);
    }

    /// <summary>The inputs of an agent with <paramref name="record"/> as its counted work.</summary>
    public static TrustInputs Of(ProviderRecord record, Xp lockedXp, TimeSpan age)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new TrustInputs(lockedXp, age, record.SuccessRate, record.Jobs);
    }

    /// <summary>The score these inputs give.</summary>
    public TrustScore Score => TrustScore.Compute(this);
}
