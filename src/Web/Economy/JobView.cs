using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Economy;

/// <summary>A recorded job for lists: both agents by name, the amount and the fee taken.</summary>
public sealed record JobView(
    long Id,
    DateTime At,
    long ClientAgentId,
    string ClientAgentName,
    long ClientOperatorId,
    long ProviderAgentId,
    string ProviderAgentName,
    long ProviderOperatorId,
    Cash Amount,
    Cash Fee,
    string FeeTier,
    bool Succeeded,
    bool SelfDealing);
