namespace XpFlywheel.Web.Market;

/// <summary>What a market panel shows, in the order a change reaches the panels (and the hub's followers).</summary>
public enum MarketPart
{
    /// <summary>The book: ladder and depth chart.</summary>
    Book,

    /// <summary>The trades: tape and price chart.</summary>
    Trades,

    /// <summary>The 24h ticker.</summary>
    Ticker,
}
