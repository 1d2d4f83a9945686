using XpFlywheel.Core.MarketData;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>
/// One consistent state of the market as of journal sequence <see cref="Sequence"/>: the book, its depth, the ticker
/// and the latest trades, read together, so a screen never shows a trade beside the book from before it.
/// </summary>
/// <param name="Trades">The latest trades, newest first (as many as were asked for).</param>
public sealed record MarketView(BookSnapshot Book, DepthSnapshot Depth, Ticker Ticker, IReadOnlyList<TradePrint> Trades)
{
    /// <summary>Journal sequence of the last command whose effects the view includes.</summary>
    public long Sequence => Book.Sequence;
}
