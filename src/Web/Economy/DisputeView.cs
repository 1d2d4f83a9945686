using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Economy;

/// <summary>A failed job that can be, or has been, disputed (SPEC §3), as the provider and the admin see it.</summary>
/// <param name="Standing">AwaitingWindow (disputable until <paramref name="DisputableUntil"/>), Disputed, or after
/// resolution Counted (the failure stands) or Voided.</param>
public sealed record DisputeView(
    long JobId,
    DateTime At,
    long ClientAgentId,
    string ClientAgent,
    long ClientOperatorId,
    long ProviderAgentId,
    string ProviderAgent,
    long ProviderOperatorId,
    Cash Amount,
    JobVerdict Standing,
    DateTime? DisputableUntil,
    DateTime? DisputedAt);
