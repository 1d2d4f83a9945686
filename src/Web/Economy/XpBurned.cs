using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>An operator burned XP; its tier may have changed from <paramref name="TierBefore"/> to <paramref name="TierAfter"/>.</summary>
public sealed record XpBurned(long OperatorId, long Amount, string TierBefore, string TierAfter) : ExchangeEvent;
