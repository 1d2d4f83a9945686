namespace XpFlywheel.Core.Primitives;

/// <summary>What <see cref="Price.Check"/> found wrong with a price stated in dollars, or <see cref="Valid"/>.</summary>
public enum PriceCheck
{
    Valid,
    NotPositive,
    OffTick,
    TooHigh,
}
