using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>The facts a trust score is made of, already filtered by the spec's rules.</summary>
/// <param name="SucceededJobs">Successful jobs as provider, self-dealing excluded.</param>
/// <param name="Jobs">All jobs as provider, self-dealing excluded.</param>
/// <param name="LockedXp">XP locked on the agent; unlocking XP is not included.</param>
/// <param name="Age">Time since the agent was registered.</param>
public sealed record TrustInputs(int SucceededJobs, int Jobs, Xp LockedXp, TimeSpan Age)
{
    /// <summary>
    /// Gathers the inputs for an agent of <paramref name="providerOperatorId"/>: self-dealing jobs are dropped and
    /// only locks still locked count.
    /// </summary>
    public static TrustInputs From(
        string providerOperatorId,
        IEnumerable<ProviderJob> jobsAsProvider,
        IEnumerable<XpLock> locks,
        DateTimeOffset createdAt,
        DateTimeOffset at)
    {
        var counted = jobsAsProvider.Where(j => !j.IsSelfDealingFor(providerOperatorId)).ToArray();
        return new TrustInputs(counted.Count(j => j.Succeeded), counted.Length, XpLock.LockedTotal(locks), at - createdAt);
    }

    /// <summary>Lifetime success rate as provider; 0 with no jobs.</summary>
    public double SuccessRate => Jobs == 0 ? 0 : (double)SucceededJobs / Jobs;

    /// <summary>The score these inputs give.</summary>
    public TrustScore Score => TrustScore.Compute(this);
}
