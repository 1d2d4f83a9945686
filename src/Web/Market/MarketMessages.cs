using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>One price level on the wire: price in dollars, quantity in XP.</summary>
public sealed record BookLevelMessage(decimal Price, long Quantity, int Orders);

/// <summary>A level change on the wire; quantity 0 removes the level. Side is "buy" or "sell".</summary>
public sealed record BookChangeMessage(string Side, decimal Price, long Quantity, int Orders);

/// <summary>
/// The top of the book as of journal sequence <see cref="Sequence"/> (REST's book and the hub's snapshot alike): drop
/// deltas whose sequence is at most this, apply the first whose range holds Sequence + 1, then each next one.
/// </summary>
public sealed record BookSnapshotMessage(long Sequence, IReadOnlyList<BookLevelMessage> Bids, IReadOnlyList<BookLevelMessage> Asks, bool Halted)
{
    public static BookSnapshotMessage From(long sequence, DepthSnapshot depth, bool halted) => new(
        sequence,
        [.. depth.Bids.Select(r => new BookLevelMessage(r.Price.Dollars, r.Quantity.Units, r.Orders))],
        [.. depth.Asks.Select(r => new BookLevelMessage(r.Price.Dollars, r.Quantity.Units, r.Orders))],
        halted);
}

/// <summary>
/// The changes from the book as of <see cref="FirstSequence"/> − 1 to the book as of <see cref="Sequence"/>: the range
/// of journal sequences it covers. Each delta's FirstSequence is the previous delta's Sequence + 1; any other value
/// means a missed delta: take a fresh snapshot.
/// </summary>
public sealed record BookDeltaMessage(long FirstSequence, long Sequence, IReadOnlyList<BookChangeMessage> Changes)
{
    public static BookDeltaMessage From(BookDelta delta) => new(
        delta.FirstSequence,
        delta.Sequence,
        [.. delta.Changes.Select(c => new BookChangeMessage(SideCode(c.Side), c.Price.Dollars, c.Quantity.Units, c.Orders))]);

    public static string SideCode(Side side) => side == Side.Buy ? "buy" : "sell";
}

/// <summary>
/// A public trade print; side is the aggressor's. <see cref="Sequence"/> is the journal sequence of the command that
/// executed it: a book at that sequence or later holds its effect.
/// </summary>
public sealed record TradeMessage(long Id, decimal Price, long Quantity, string TakerSide, DateTimeOffset Time, long Sequence)
{
    public static TradeMessage From(TradePrint print) =>
        new(print.TradeId, print.Price.Dollars, print.Quantity.Units, BookDeltaMessage.SideCode(print.TakerSide), print.Time, print.Sequence);
}

/// <summary>
/// The 24h summary on the wire; prices in dollars, volume in XP and in USD. <see cref="Sequence"/> is the journal
/// sequence of the last command it includes, the same as the book it was read with.
/// </summary>
public sealed record TickerMessage(
    decimal? Last, decimal? Change, decimal? ChangePercent, decimal? High, decimal? Low,
    long Volume, decimal QuoteVolume, decimal? BestBid, decimal? BestAsk, int Trades, bool Halted, DateTimeOffset AsOf, long Sequence)
{
    /// <summary>The ticker <paramref name="t"/>, read with <paramref name="book"/> (its halt and sequence).</summary>
    public static TickerMessage From(Ticker t, BookSnapshot book) => new(
        t.Last?.Dollars, t.Change, t.ChangePercent, t.High?.Dollars, t.Low?.Dollars, t.Volume.Units, t.QuoteVolume.Dollars,
        t.BestBid?.Dollars, t.BestAsk?.Dollars, t.Trades, book.Halted, t.AsOf, book.Sequence);

    /// <summary>The ticker of <paramref name="view"/>.</summary>
    public static TickerMessage From(MarketView view) => From(view.Ticker, view.Book);
}

/// <summary>One candle on the wire: UTC start, OHLC in dollars, volume in XP.</summary>
public sealed record CandleMessage(DateTimeOffset Start, decimal Open, decimal High, decimal Low, decimal Close, long Volume, int Trades)
{
    public static CandleMessage From(Candle c) =>
        new(c.Start, c.Open.Dollars, c.High.Dollars, c.Low.Dollars, c.Close.Dollars, c.Volume.Units, c.Trades);
}

/// <summary>
/// One committed batch in one frame, for a connection that asked for combined updates: the parts of its channels that
/// the batch produced (the ticker only when due), all as of journal sequence <see cref="Sequence"/>.
/// </summary>
public sealed record MarketUpdateMessage(
    long Sequence, BookDeltaMessage? Delta, IReadOnlyList<TradeMessage> Trades, CandleMessage? Candle, TickerMessage? Ticker);
