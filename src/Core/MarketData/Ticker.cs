using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.MarketData;

/// <summary>
/// The market summary over a rolling 24 hours, as of <see cref="AsOf"/>. See <see cref="MarketDataBook.Ticker"/> for how
/// the window is measured.
/// </summary>
/// <param name="Last">Price of the latest trade ever, even one older than the window; null before the first trade.</param>
/// <param name="ReferencePrice">
/// The price the change is measured against: the last trade before the window, or else the first trade in it.
/// </param>
/// <param name="Change">Last − reference, in dollars; null when nothing has ever traded.</param>
/// <param name="ChangePercent">The change as a percentage of the reference, rounded to 4 decimal places.</param>
/// <param name="High">Highest trade price in the window; null when the window has no trades.</param>
/// <param name="Low">Lowest trade price in the window; null when the window has no trades.</param>
/// <param name="Volume">XP traded in the window.</param>
/// <param name="QuoteVolume">Cash traded in the window.</param>
/// <param name="BestBid">As supplied by the caller from the live book.</param>
/// <param name="BestAsk">As supplied by the caller from the live book.</param>
/// <param name="Trades">Number of trades in the window.</param>
public sealed record Ticker(
    Price? Last,
    Price? ReferencePrice,
    decimal? Change,
    decimal? ChangePercent,
    Price? High,
    Price? Low,
    Xp Volume,
    Cash QuoteVolume,
    Price? BestBid,
    Price? BestAsk,
    int Trades,
    DateTimeOffset AsOf);
