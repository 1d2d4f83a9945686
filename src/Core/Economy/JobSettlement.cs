using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// How a successful job's amount splits between the provider's operator and the treasury (SPEC §3).
/// </summary>
/// <param name="Amount">What the client's operator pays.</param>
/// <param name="FeeRate">The provider operator's effective fee rate when the job settled.</param>
/// <param name="Fee">Amount × rate rounded up to the micro-dollar; goes to the treasury.</param>
/// <param name="ProviderReceives">Amount − fee.</param>
/// <param name="IsSelfDealing">Client and provider belong to the same operator: settled as usual, but left out
/// of volume, diversity and success rate for trust and epochs.</param>
public sealed record JobSettlement(Cash Amount, decimal FeeRate, Cash Fee, Cash ProviderReceives, bool IsSelfDealing)
{
    /// <summary>Settles <paramref name="amount"/> at the provider's <paramref name="providerTier"/>.</summary>
    public static JobSettlement Settle(Cash amount, FeeTier providerTier, string clientOperatorId, string providerOperatorId)
    {
        ArgumentNullException.ThrowIfNull(providerTier);
        return Settle(amount, providerTier.FeeRate, clientOperatorId, providerOperatorId);
    }

    /// <summary>Settles <paramref name="amount"/> at <paramref name="feeRate"/>.</summary>
    public static JobSettlement Settle(Cash amount, decimal feeRate, string clientOperatorId, string providerOperatorId)
    {
        if (amount.Micros <= 0)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A job amount must be positive.");
        if (feeRate is < 0m or >= 1m)
            throw new ArgumentOutOfRangeException(nameof(feeRate), feeRate, "A fee rate must be in [0, 1).");
        var fee = FeeMath.FeeOn(amount, feeRate);
        return new JobSettlement(amount, feeRate, fee, amount - fee, IsSelfDealingJob(clientOperatorId, providerOperatorId));
    }

    /// <summary>A job is self-dealing when the client's operator is also the provider's.</summary>
    public static bool IsSelfDealingJob(string clientOperatorId, string providerOperatorId) =>
        string.Equals(clientOperatorId, providerOperatorId, StringComparison.Ordinal);
}
