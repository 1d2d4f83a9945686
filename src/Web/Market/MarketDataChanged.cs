using XpFlywheel.Core.MarketData;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>
/// The market after one committed batch, as of journal sequence <see cref="Sequence"/>: the book, the trades the batch
/// executed (execution order, already in the candles) and the ticker with both, read together. Raised on the engine's
/// publishing thread, in the order the batches committed.
/// </summary>
/// <param name="BookChanged">False when only the history was (re)loaded and the book is the one already sent.</param>
/// <param name="Trades">The batch's trades not raised before; for a history read again after a replica reload, the
/// trades it holds that were never raised (<see cref="MarketDataService.Rebuild"/>).</param>
/// <param name="Minute">The 1-minute candle the last of <paramref name="Trades"/> went into, read with them (null without trades).</param>
public sealed record MarketDataChanged(BookSnapshot Book, bool BookChanged, IReadOnlyList<TradePrint> Trades, Ticker Ticker, Candle? Minute = null)
{
    /// <summary>Journal sequence of the last command whose effects this change includes.</summary>
    public long Sequence => Book.Sequence;

    public bool HasTrades => Trades.Count > 0;
}
