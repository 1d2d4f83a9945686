using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Market;

/// <summary>
/// An operator's break-even XP price: the most a tier's fee saving over the tier window (<see cref="Window"/>, 30 days
/// by default) pays per XP still to burn, at the provider volume over that window.
/// <see cref="BreakEvenPrice"/> is null when the operator has no volume (jobs as provider and OTC) or no cheaper tier to reach.
/// </summary>
public sealed record FairValue(Cash MonthlyVolume, FeeTier CurrentTier, decimal? BreakEvenPrice, FeeTier? ForTier, TimeSpan Window);
