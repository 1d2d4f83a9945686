using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>One aggregated price level of the XP/USD book, as the market data feed shows it.</summary>
public sealed record QuoteLevel(Price Price, Xp Quantity);
