using XpFlywheel.Core.MarketData;
using static XpFlywheel.Core.Tests.MarketData.Prints;

namespace XpFlywheel.Core.Tests.MarketData;

public class CandleAggregationTests
{
    public static TheoryData<CandleInterval> Intervals => [.. CandleIntervals.All];

    [Theory]
    [MemberData(nameof(Intervals))]
    public void Trades_in_one_bucket_make_one_candle_with_open_high_low_close_and_volumes(CandleInterval interval)
    {
        var step = interval.Duration() / 10;
        var book = BookWith(
            At(1, 1.00m, 10, T0),
            At(2, 1.20m, 5, T0 + step),
            At(3, 0.90m, 2, T0 + 2 * step),
            At(4, 1.05m, 3, T0 + 9 * step));

        var candle = Assert.Single(book.Candles(interval, 10));

        Assert.Equal(new Candle(T0, P(1.00m), P(1.20m), P(0.90m), P(1.05m), new(20), C(10m + 6m + 1.8m + 3.15m), 4), candle);
    }

    [Theory]
    [MemberData(nameof(Intervals))]
    public void A_trade_on_the_next_boundary_opens_a_new_candle(CandleInterval interval)
    {
        var size = interval.Duration();
        var book = BookWith(
            At(1, 1.00m, 10, T0),
            At(2, 1.10m, 4, T0 + size - TimeSpan.FromTicks(1)),
            At(3, 1.30m, 1, T0 + size),
            At(4, 1.20m, 2, T0 + size + size / 2));

        var candles = book.Candles(interval, 10);

        Assert.Equal(
            [
                new Candle(T0, P(1.00m), P(1.10m), P(1.00m), P(1.10m), new(14), C(14.40m), 2),
                new Candle(T0 + size, P(1.30m), P(1.30m), P(1.20m), P(1.20m), new(3), C(3.70m), 2),
            ],
            candles);
    }

    [Fact]
    public void Each_interval_buckets_the_same_trades_on_its_own_boundaries()
    {
        var book = BookWith(
            At(1, 1m, 1, T0.AddMinutes(0.5)),
            At(2, 2m, 1, T0.AddMinutes(3)),
            At(3, 3m, 1, T0.AddMinutes(7)),
            At(4, 4m, 1, T0.AddMinutes(61)),
            At(5, 5m, 1, T0.AddHours(25)));

        Assert.Equal(5, book.Candles(CandleInterval.OneMinute, 100).Count);
        Assert.Equal([T0, T0.AddMinutes(5), T0.AddMinutes(60), T0.AddHours(25)], book.Candles(CandleInterval.FiveMinutes, 100).Select(c => c.Start));
        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(25)], book.Candles(CandleInterval.OneHour, 100).Select(c => c.Start));
        Assert.Equal([3, 1, 1], book.Candles(CandleInterval.OneHour, 100).Select(c => c.Trades));
        Assert.Equal([4, 1], book.Candles(CandleInterval.OneDay, 100).Select(c => c.Trades));
    }

    [Fact]
    public void Buckets_without_trades_have_no_candle()
    {
        var book = BookWith(At(1, 1m, 1, T0), At(2, 2m, 1, T0.AddMinutes(10)));

        Assert.Equal([T0, T0.AddMinutes(10)], book.Candles(CandleInterval.OneMinute, 100).Select(c => c.Start));
    }

    [Fact]
    public void Candles_are_newest_last_and_limited_to_the_newest()
    {
        var book = BookWith([.. Enumerable.Range(0, 5).Select(i => At(i + 1, 1m + i, 1, T0.AddMinutes(i)))]);

        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(4)], book.Candles(CandleInterval.OneMinute, 2).Select(c => c.Start));
        Assert.Empty(book.Candles(CandleInterval.OneMinute, 0));
        Assert.Equal(5, book.Candles(CandleInterval.OneMinute, int.MaxValue).Count);
    }

    [Fact]
    public void Each_interval_keeps_at_most_its_capacity_of_candles()
    {
        var book = new MarketDataBook();
        for (var i = 0; i < MarketDataBook.DefaultCandleCapacity + 50; i++)
            book.Apply(At(i + 1, 1m, 1, T0.AddMinutes(i)));

        var candles = book.Candles(CandleInterval.OneMinute, int.MaxValue);

        Assert.Equal(MarketDataBook.DefaultCandleCapacity, candles.Count);
        Assert.Equal(T0.AddMinutes(50), candles[0].Start);
    }

    [Fact]
    public void Trades_with_equal_timestamps_all_count()
    {
        var book = BookWith(At(1, 1m, 1, T0), At(2, 2m, 2, T0), At(3, 1.5m, 3, T0));

        var candle = Assert.Single(book.Candles(CandleInterval.OneMinute, 10));

        Assert.Equal((3, new Core.Primitives.Xp(6), P(1.5m)), (candle.Trades, candle.Volume, candle.Close));
    }

    [Fact]
    public void A_trade_stamped_before_the_previous_one_counts_in_the_latest_bucket()
    {
        var book = BookWith(At(1, 1m, 1, T0.AddMinutes(5)), At(2, 2m, 1, T0.AddMinutes(3)));

        var candle = Assert.Single(book.Candles(CandleInterval.OneMinute, 10));

        Assert.Equal((T0.AddMinutes(5), 2, P(2m)), (candle.Start, candle.Trades, candle.Close));
    }

    [Fact]
    public void A_trade_already_applied_is_ignored()
    {
        var book = BookWith(At(1, 1m, 1, T0), At(2, 2m, 1, T0));

        Assert.False(book.Apply(At(2, 2m, 1, T0)));
        Assert.False(book.Apply(At(1, 1m, 1, T0)));
        Assert.Equal(2, book.Candles(CandleInterval.OneMinute, 10)[0].Trades);
        Assert.Equal(2, book.LastTradeId);
    }

    [Fact]
    public void A_trade_without_positive_price_and_quantity_is_refused()
    {
        var book = new MarketDataBook();

        Assert.Throws<ArgumentException>(() => book.Apply(At(1, 1m, 0, T0)));
        Assert.Throws<ArgumentException>(() => book.Apply(At(1, 0m, 1, T0)));
    }
}
