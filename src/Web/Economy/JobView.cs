using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// A recorded job for lists: both agents by name, the amount and the fee taken, where its outcome stands (SPEC §3) and,
/// for a failure, until when its provider may dispute it.
/// </summary>
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
    bool SelfDealing,
    Core.Economy.JobVerdict Standing,
    DateTime? DisputableUntil);
