using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// What recording a job did: the fee at the provider's tier at that moment, and who got what.
/// <paramref name="BelowMinimumOf"/> is the minimum job amount in force when the job was smaller than it (it settled
/// but counts nowhere in trust, volume or epochs, SPEC §6), else null.
/// </summary>
public sealed record JobReceipt(
    long JobId,
    Cash Amount,
    Cash Fee,
    decimal FeeRate,
    string Tier,
    Cash ProviderReceives,
    bool Succeeded,
    bool SelfDealing,
    Cash? BelowMinimumOf = null);
