using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Primitives;
using static XpFlywheel.Core.Tests.MarketData.Prints;

namespace XpFlywheel.Core.Tests.MarketData;

public class TickerTests
{
    // A day of trading: a print before the next day's window, then two inside it.
    private static MarketDataBook DayOfTrading() => BookWith(
        At(1, 1.00m, 10, T0),
        At(2, 1.50m, 4, T0.AddHours(1)),
        At(3, 1.20m, 6, T0.AddHours(20)));

    [Fact]
    public void Ticker_before_any_trade_has_no_prices_and_zero_volume()
    {
        var ticker = new MarketDataBook().Ticker(T0, P(0.99m), P(1.01m));

        Assert.Equal(new Ticker(null, null, null, null, null, null, Xp.Zero, Cash.Zero, P(0.99m), P(1.01m), 0, T0), ticker);
    }

    [Fact]
    public void Change_is_against_the_first_trade_when_nothing_traded_before_the_window()
    {
        var ticker = DayOfTrading().Ticker(T0.AddHours(21), null, null);

        Assert.Equal(P(1.00m), ticker.ReferencePrice);
        Assert.Equal(0.20m, ticker.Change);
        Assert.Equal(20m, ticker.ChangePercent);
        Assert.Equal((P(1.50m), P(1.00m)), (ticker.High, ticker.Low));
        Assert.Equal((new Xp(20), C(10m + 6m + 7.2m), 3), (ticker.Volume, ticker.QuoteVolume, ticker.Trades));
    }

    [Fact]
    public void Change_is_against_the_last_trade_before_the_window_and_old_trades_leave_high_low_and_volume()
    {
        var ticker = DayOfTrading().Ticker(T0.AddHours(24.5), null, null);

        Assert.Equal(P(1.00m), ticker.ReferencePrice);
        Assert.Equal((0.20m, 20m), (ticker.Change, ticker.ChangePercent));
        Assert.Equal((P(1.50m), P(1.20m)), (ticker.High, ticker.Low));
        Assert.Equal((new Xp(10), C(6m + 7.2m), 2), (ticker.Volume, ticker.QuoteVolume, ticker.Trades));
        Assert.Equal(P(1.20m), ticker.Last);
    }

    [Fact]
    public void Falling_price_gives_a_negative_change_rounded_to_four_places()
    {
        var book = BookWith(At(1, 3.00m, 1, T0), At(2, 2.00m, 1, T0.AddMinutes(1)));

        var ticker = book.Ticker(T0.AddMinutes(2), null, null);

        Assert.Equal((-1.00m, -33.3333m), (ticker.Change, ticker.ChangePercent));
    }

    [Fact]
    public void After_two_quiet_days_volume_is_zero_and_the_last_price_is_kept_with_no_change()
    {
        var ticker = DayOfTrading().Ticker(T0.AddDays(3), P(1.10m), null);

        Assert.Equal(new Ticker(P(1.20m), P(1.20m), 0m, 0m, null, null, Xp.Zero, Cash.Zero, P(1.10m), null, 0, T0.AddDays(3)), ticker);
    }

    [Fact]
    public void Quiet_days_after_more_than_a_day_of_trading_still_keep_the_last_price()
    {
        // Trades every ten minutes for three days push the oldest minute buckets out before the market goes quiet.
        var book = new MarketDataBook();
        for (var i = 0; i < 3 * 144; i++)
            book.Apply(At(i + 1, 1m + i % 7 / 100m, 1, T0.AddMinutes(10 * i)));

        var ticker = book.Ticker(T0.AddDays(5), null, null);

        Assert.Equal((P(1m + 431 % 7 / 100m), 0m, 0), (ticker.Last, ticker.Change, ticker.Trades));
    }

    [Fact]
    public void Window_is_the_1440_minutes_ending_with_the_current_one()
    {
        var now = T0.AddDays(1).AddSeconds(30);
        var book = BookWith(
            At(1, 1.00m, 1, T0.AddSeconds(59)),    // minute 00:00 yesterday: a full day before now's minute, outside
            At(2, 2.00m, 2, T0.AddMinutes(1)));   // minute 00:01 yesterday: the oldest minute inside

        var ticker = book.Ticker(now, null, null);

        Assert.Equal((2, 1, P(1.00m), P(2.00m)), ((int)ticker.Volume.Units, ticker.Trades, ticker.ReferencePrice, ticker.High));
    }

    [Fact]
    public void Trades_stamped_after_now_still_count()
    {
        var book = BookWith(At(1, 1m, 1, T0.AddSeconds(10)));

        Assert.Equal(1, book.Ticker(T0.AddSeconds(9), null, null).Trades);
    }

    [Fact]
    public void Best_bid_ask_and_as_of_come_from_the_caller()
    {
        var ticker = DayOfTrading().Ticker(T0.AddHours(22), P(1.19m), P(1.21m));

        Assert.Equal((P(1.19m), P(1.21m), T0.AddHours(22)), (ticker.BestBid, ticker.BestAsk, ticker.AsOf));
    }
}
