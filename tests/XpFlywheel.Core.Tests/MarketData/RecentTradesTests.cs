using XpFlywheel.Core.MarketData;
using static XpFlywheel.Core.Tests.MarketData.Prints;

namespace XpFlywheel.Core.Tests.MarketData;

public class RecentTradesTests
{
    [Fact]
    public void Recent_trades_are_newest_first()
    {
        var book = BookWith(At(1, 1m, 1, T0), At(2, 2m, 1, T0), At(3, 3m, 1, T0.AddSeconds(1)));

        Assert.Equal([3L, 2L, 1L], book.RecentTrades(10).Select(t => t.TradeId));
        Assert.Equal([3L, 2L], book.RecentTrades(2).Select(t => t.TradeId));
        Assert.Empty(book.RecentTrades(0));
    }

    [Fact]
    public void Recent_trades_keep_only_the_newest_500()
    {
        var book = new MarketDataBook();
        for (var i = 1; i <= 750; i++)
            book.Apply(At(i, 1m, 1, T0.AddSeconds(i)));

        var trades = book.RecentTrades(int.MaxValue);

        Assert.Equal(MarketDataBook.DefaultTradeCapacity, trades.Count);
        Assert.Equal((750L, 251L), (trades[0].TradeId, trades[^1].TradeId));
        Assert.Equal(1m, book.LastPrice?.Dollars);
    }

    [Fact]
    public void Recent_trades_keep_the_print_as_reported()
    {
        var print = At(1, 1.2345m, 7, T0.AddHours(3), Core.Matching.Side.Sell);

        Assert.Equal(print, Assert.Single(BookWith(print).RecentTrades(5)));
    }

    [Fact]
    public void Rebuild_forgets_what_was_applied_before()
    {
        var book = BookWith(At(1, 5m, 1, T0), At(2, 6m, 1, T0.AddDays(1)));

        book.Rebuild([At(1, 1m, 1, T0.AddHours(1))]);

        Assert.Equal([1m], book.RecentTrades(10).Select(t => t.Price.Dollars));
        Assert.Single(book.Candles(CandleInterval.OneDay, 10));
        Assert.Equal(1, book.LastTradeId);
        Assert.Equal(1, book.Ticker(T0.AddHours(2), null, null).Trades);
    }
}
