namespace XpFlywheel.Web.Economy;

/// <summary>One tier as stored in the "tiers" setting: name, fee rate (0.025 = 2.50%) and XP burned in the window.</summary>
public sealed record TierSettingRow(string Name, decimal FeeRate, long Threshold);
