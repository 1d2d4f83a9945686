namespace XpFlywheel.Core.Economy;

/// <summary>
/// The band an XP price is rational within (SPEC §8), in USD per XP. Informative only: shown on the chart,
/// never enforced.
/// </summary>
/// <param name="Floor">What earning one XP costs; below it nobody would earn to sell.</param>
/// <param name="Ceiling">The highest price at which some tier's discount still pays for its XP; null when no
/// operator has anything to gain from burning.</param>
public sealed record PriceRange(decimal Floor, decimal? Ceiling)
{
    /// <summary>
    /// True when there is a ceiling and it is below the floor: at today's volumes no tier pays for XP at the price of
    /// earning it (typical just after a start, before much work has been done), so there is no range to trade in yet.
    /// </summary>
    public bool CeilingBelowFloor => Ceiling is { } ceiling && ceiling < Floor;

    /// <summary>Whether <paramref name="price"/> (USD per XP) lies within [floor, ceiling]; false without a usable ceiling.</summary>
    public bool Contains(decimal price) => Ceiling is { } ceiling && price >= Floor && price <= ceiling;
}
