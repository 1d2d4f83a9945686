using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Economy;

/// <summary>What recording a job did: the fee at the provider's tier at that moment, and who got what.</summary>
public sealed record JobReceipt(
    long JobId,
    Cash Amount,
    Cash Fee,
    decimal FeeRate,
    string Tier,
    Cash ProviderReceives,
    bool Succeeded,
    bool SelfDealing);
