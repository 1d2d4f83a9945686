namespace XpFlywheel.Core.Economy;

/// <summary>
/// The band an XP price is rational within (SPEC §8), in USD per XP. Informative only: shown on the chart,
/// never enforced.
/// </summary>
/// <param name="Floor">What earning one XP costs; below it nobody would earn to sell.</param>
/// <param name="Ceiling">The highest price at which some tier's discount still pays for its XP; null when no
/// operator has anything to gain from burning.</param>
public sealed record PriceRange(decimal Floor, decimal? Ceiling);
