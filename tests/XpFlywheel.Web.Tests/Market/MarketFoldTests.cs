using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Web.Tests.Market;

// Batches committed within one publish interval go out folded: the newest book and ticker, every trade in execution
// order, and never a finished candle skipped.
public sealed class MarketFoldTests
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static TradePrint Trade(long id, long sequence, DateTimeOffset time) =>
        new(id, new Price(200), new Xp(10), Side.Buy, time, sequence);

    private static MarketDataChanged Change(long sequence, params TradePrint[] trades)
    {
        var book = BookSnapshot.Empty with { Sequence = sequence };
        var ticker = new Ticker(null, null, null, null, null, null, Xp.Zero, Cash.Zero, null, null, (int)sequence, Minute);
        Candle? candle = trades.Length == 0
            ? null
            : new Candle(CandleIntervals.BucketStart(CandleInterval.OneMinute, trades[^1].Time), new Price(200), new Price(200),
                new Price(200), new Price(200), new Xp(10 * trades.Length), Cash.Zero, trades.Length);
        return new MarketDataChanged(book, true, trades, ticker, candle);
    }

    [Fact]
    public void Batches_in_one_interval_fold_into_the_newest_book_with_every_trade_in_order()
    {
        var folds = MarketFold.Of([
            Change(1, Trade(1, 1, Minute), Trade(2, 1, Minute)),
            Change(2),
            Change(3, Trade(3, 3, Minute.AddSeconds(5))),
        ]).ToList();

        var fold = Assert.Single(folds);
        Assert.Equal(3, fold.Sequence);
        Assert.Equal(3, fold.Ticker.Trades);
        Assert.Equal([1L, 2, 3], fold.Trades.Select(t => t.TradeId));
        Assert.Equal(1, fold.Minute!.Value.Trades);
    }

    [Fact]
    public void A_fold_keeps_the_last_candle_when_later_batches_did_not_trade()
    {
        var fold = Assert.Single(MarketFold.Of([Change(1, Trade(1, 1, Minute)), Change(2), Change(3)]));
        Assert.Equal(3, fold.Sequence);
        Assert.Equal(Minute, fold.Minute!.Value.Start);
        Assert.Equal([1L], fold.Trades.Select(t => t.TradeId));
    }

    [Fact]
    public void A_fold_never_spans_two_candle_minutes()
    {
        var folds = MarketFold.Of([
            Change(1, Trade(1, 1, Minute.AddSeconds(59))),
            Change(2),
            Change(3, Trade(2, 3, Minute.AddSeconds(61))),
            Change(4, Trade(3, 4, Minute.AddSeconds(62))),
        ]).ToList();

        Assert.Equal([2L, 4], folds.Select(f => f.Sequence));
        Assert.Equal([Minute, Minute.AddMinutes(1)], folds.Select(f => f.Minute!.Value.Start));
        Assert.Equal([[1L], [2L, 3]], folds.Select(f => f.Trades.Select(t => t.TradeId).ToArray()));
    }

    [Fact]
    public void A_late_copy_older_than_the_fold_is_dropped()
    {
        var fold = Assert.Single(MarketFold.Of([Change(5, Trade(9, 5, Minute)), Change(4, Trade(8, 4, Minute))]));
        Assert.Equal(5, fold.Sequence);
        Assert.Equal([9L], fold.Trades.Select(t => t.TradeId));
    }

    [Fact]
    public void Nothing_to_fold_publishes_nothing() => Assert.Empty(MarketFold.Of([]));
}
