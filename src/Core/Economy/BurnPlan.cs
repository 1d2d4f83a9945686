namespace XpFlywheel.Core.Economy;

/// <summary>The burn calculator's answer: one option per tier of the schedule and the one worth taking.</summary>
/// <param name="Options">Every tier, lowest first, so the UI can show the whole table.</param>
/// <param name="Recommended">The option with the highest positive net saving (the lower tier on a tie), or null
/// when no burn pays for itself.</param>
public sealed record BurnPlan(IReadOnlyList<TierOption> Options, TierOption? Recommended);
