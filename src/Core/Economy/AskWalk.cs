using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>What buying <see cref="Requested"/> XP would cost by taking the asks from the cheapest up.</summary>
/// <param name="Requested">XP to buy.</param>
/// <param name="FromBook">XP the resting asks can supply.</param>
/// <param name="BookCost">Cash paid for <see cref="FromBook"/>.</param>
/// <param name="AtFallback">XP the book could not supply, priced at <see cref="FallbackPrice"/>.</param>
/// <param name="FallbackPrice">The price used for the remainder: the fallback given (e.g. the last trade) or the highest ask taken, whichever is higher.</param>
/// <param name="TotalCost">Book cost plus the fallback-priced remainder.</param>
/// <param name="AveragePrice">USD per XP over the whole request; null when nothing is requested.</param>
/// <param name="WorstPrice">The highest ask touched, or null when the book supplied nothing.</param>
public sealed record AskWalk(
    Xp Requested,
    Xp FromBook,
    Cash BookCost,
    Xp AtFallback,
    Price FallbackPrice,
    Cash TotalCost,
    decimal? AveragePrice,
    Price? WorstPrice)
{
    /// <summary>True when the book alone covers the request; false means part of the cost is an estimate.</summary>
    public bool LiquiditySuffices => AtFallback == Xp.Zero;
}
