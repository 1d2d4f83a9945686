using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>A job an agent did as provider, as trust and epoch scoring see it.</summary>
/// <param name="ClientOperatorId">The operator whose agent was the client; equal to the provider's operator
/// means self-dealing.</param>
/// <param name="Amount">What the client paid (or would have, for a failed job).</param>
/// <param name="Succeeded">The job's outcome.</param>
public sealed record ProviderJob(string ClientOperatorId, Cash Amount, bool Succeeded)
{
    /// <summary>Whether this job is self-dealing for a provider owned by <paramref name="providerOperatorId"/>.</summary>
    public bool IsSelfDealingFor(string providerOperatorId) =>
        JobSettlement.IsSelfDealingJob(ClientOperatorId, providerOperatorId);
}
