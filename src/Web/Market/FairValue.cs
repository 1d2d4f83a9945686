using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Market;

/// <summary>
/// An operator's break-even XP price: the most a tier's fee saving over 30 days pays per XP still to burn.
/// <see cref="BreakEvenPrice"/> is null when the operator has no provider volume or no cheaper tier to reach.
/// </summary>
public sealed record FairValue(Cash MonthlyVolume, FeeTier CurrentTier, decimal? BreakEvenPrice, FeeTier? ForTier);
