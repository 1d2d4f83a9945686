using CsCheck;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.MarketData;

public class MarketDataPropertyTests
{
    private const int CandleCapacity = 40;
    private const int TradeCapacity = 30;

    // Gaps mix bursts at one timestamp, seconds, hours and multi-day silences so trades cross every bucket boundary
    // and age out of the 24-hour window.
    private static readonly Gen<long> GenGap = Gen.OneOf(
        Gen.Const(0L),
        Gen.Long[0, TimeSpan.TicksPerMinute * 2],
        Gen.Long[0, TimeSpan.TicksPerHour * 3],
        Gen.Long[0, TimeSpan.TicksPerDay * 3]);

    private static readonly Gen<(long Gap, long Ticks, long Quantity, bool Buy)> GenStep =
        Gen.Select(GenGap, Gen.Long[1, 20_000], Gen.Long[1, 1_000], Gen.Bool);

    private static readonly Gen<TradePrint[]> GenTrades =
        Gen.Select(GenStep.Array[0, 250], Gen.Long[0, TimeSpan.TicksPerDay * 365], (steps, offset) =>
        {
            var time = Prints.T0.AddTicks(offset);
            var trades = new TradePrint[steps.Length];
            for (var i = 0; i < steps.Length; i++)
            {
                time = time.AddTicks(steps[i].Gap);
                trades[i] = new TradePrint(i + 1, new Price(steps[i].Ticks), new Xp(steps[i].Quantity), steps[i].Buy ? Side.Buy : Side.Sell, time, i + 1);
            }
            return trades;
        });

    private static readonly Gen<(TradePrint[] Trades, long After)> GenHistory =
        Gen.Select(GenTrades, Gen.OneOf(Gen.Const(0L), Gen.Long[0, TimeSpan.TicksPerDay * 3]));

    private static MarketDataBook NewBook() => new(CandleCapacity, TradeCapacity);

    private static DateTimeOffset NowAfter(TradePrint[] trades, long after) =>
        (trades.Length > 0 ? trades[^1].Time : Prints.T0).AddTicks(after);

    [Fact]
    public void Rebuild_equals_applying_the_same_trades_one_by_one()
    {
        Gen.Select(GenHistory, GenTrades).Sample((history, earlier) =>
        {
            var (trades, after) = history;
            var incremental = NewBook();
            foreach (var trade in trades)
                incremental.Apply(trade);
            var rebuilt = NewBook();
            foreach (var trade in earlier)
                rebuilt.Apply(trade);

            rebuilt.Rebuild(trades);

            var now = NowAfter(trades, after);
            foreach (var interval in CandleIntervals.All)
                Assert.Equal(incremental.Candles(interval, int.MaxValue), rebuilt.Candles(interval, int.MaxValue));
            Assert.Equal(incremental.Ticker(now, new Price(5), null), rebuilt.Ticker(now, new Price(5), null));
            Assert.Equal(incremental.RecentTrades(int.MaxValue), rebuilt.RecentTrades(int.MaxValue));
            Assert.Equal(incremental.LastTradeId, rebuilt.LastTradeId);
        }, iter: 200);
    }

    [Fact]
    public void Candles_equal_a_full_regrouping_of_every_trade()
    {
        GenTrades.Sample(trades =>
        {
            var book = NewBook();
            book.Rebuild(trades);

            foreach (var interval in CandleIntervals.All)
                Assert.Equal(NaiveMarketData.Candles(trades, interval, CandleCapacity), book.Candles(interval, int.MaxValue));
        }, iter: 200);
    }

    [Fact]
    public void Ticker_equals_a_full_scan_of_every_trade_at_any_later_time()
    {
        GenHistory.Sample(history =>
        {
            var (trades, after) = history;
            var book = NewBook();
            book.Rebuild(trades);
            var now = NowAfter(trades, after);

            Assert.Equal(NaiveMarketData.Ticker(trades, now, null, new Price(7)), book.Ticker(now, null, new Price(7)));
        }, iter: 300);
    }

    [Fact]
    public void Ticker_after_each_trade_equals_a_full_scan_of_the_trades_so_far()
    {
        GenTrades.Sample(trades =>
        {
            var book = NewBook();
            for (var i = 0; i < trades.Length; i++)
            {
                book.Apply(trades[i]);
                Assert.Equal(NaiveMarketData.Ticker(trades[..(i + 1)], trades[i].Time, null, null), book.Ticker(trades[i].Time, null, null));
            }
        }, iter: 100);
    }

    [Fact]
    public void Recent_trades_are_the_newest_prints_newest_first()
    {
        GenTrades.Sample(trades =>
        {
            var book = NewBook();
            book.Rebuild(trades);

            Assert.Equal(trades.Reverse().Take(TradeCapacity), book.RecentTrades(int.MaxValue));
        }, iter: 100);
    }
}
