namespace XpFlywheel.Web.Economy;

/// <summary>What a burn did: the XP gone for good and the tier before and after it.</summary>
public sealed record BurnReceipt(long BurnId, long Amount, DateTime At, string TierBefore, string TierAfter, decimal FeeRateAfter);
