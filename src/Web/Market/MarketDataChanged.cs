using XpFlywheel.Core.MarketData;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>
/// What moved in the market data after a committed batch: new trades (execution order, already applied to the
/// candles and ticker), and the book when it changed. Raised on the engine's publishing thread.
/// </summary>
public sealed record MarketDataChanged(IReadOnlyList<TradePrint> Trades, BookSnapshot? Book)
{
    public bool HasTrades => Trades.Count > 0;

    public bool BookChanged => Book is not null;
}
