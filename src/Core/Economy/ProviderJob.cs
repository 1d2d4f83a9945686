using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>A job an agent did as provider, as trust and epoch scoring see it.</summary>
/// <param name="ClientOperatorId">The operator whose agent was the client; equal to the provider's operator
/// means self-dealing.</param>
/// <param name="Amount">What the client paid (or had held, for a failed job).</param>
/// <param name="Succeeded">The job's outcome.</param>
/// <param name="Standing">Where a failure stands in its dispute (SPEC §3): <see cref="JobVerdict.Counted"/> for a
/// success or a final failure, else <see cref="JobVerdict.AwaitingWindow"/>, <see cref="JobVerdict.Disputed"/> or
/// <see cref="JobVerdict.Voided"/>.</param>
public sealed record ProviderJob(string ClientOperatorId, Cash Amount, bool Succeeded, JobVerdict Standing = JobVerdict.Counted)
{
    /// <summary>Whether this job is self-dealing for a provider owned by <paramref name="providerOperatorId"/>.</summary>
    public bool IsSelfDealingFor(string providerOperatorId) =>
        JobSettlement.IsSelfDealingJob(ClientOperatorId, providerOperatorId);

    /// <summary>
    /// Whether and why this job counts for a provider of <paramref name="providerOperatorId"/> under
    /// <paramref name="rules"/>: self-dealing first, then the minimum amount, then its dispute standing.
    /// </summary>
    public JobVerdict VerdictFor(string providerOperatorId, ReputationRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (IsSelfDealingFor(providerOperatorId))
            return JobVerdict.SelfDealing;
        if (Amount < rules.MinJobAmount)
            return JobVerdict.BelowMinimum;
        return Succeeded ? JobVerdict.Counted : Standing;
    }
}
