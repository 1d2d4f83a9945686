namespace XpFlywheel.Web.Market;

/// <summary>What a market hub connection receives; every channel unless it subscribed to fewer.</summary>
[Flags]
public enum MarketChannels
{
    None = 0,

    /// <summary><c>BookDelta</c> (and a <c>Snapshot</c> when the channel is taken up again).</summary>
    Book = 1,

    /// <summary>Each <c>Trade</c>.</summary>
    Trades = 2,

    /// <summary>The <c>Ticker</c>, at most once per <see cref="MarketHubOptions.TickerInterval"/>.</summary>
    Ticker = 4,

    /// <summary>The 1-minute <c>Candle</c> a batch's trades went into.</summary>
    Candles = 8,

    All = Book | Trades | Ticker | Candles,
}
