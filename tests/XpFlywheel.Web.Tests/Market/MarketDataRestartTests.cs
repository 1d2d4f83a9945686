using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

public sealed class MarketDataRestartTests
{
    [SqliteFact]
    public async Task A_restarted_app_serves_the_same_candles_ticker_and_trades()
    {
        var first = new AppFactory();
        IReadOnlyList<Candle>[] candlesBefore;
        Ticker tickerBefore;
        IReadOnlyList<TradePrint> tradesBefore;
        try
        {
            var services = first.Services;
            var seller = await Operators.CreateAsync(services, "restart-seller@test.local");
            var buyer = await Operators.CreateAsync(services, "restart-buyer@test.local");
            await Operators.FundAsync(services, seller, 0, 10_000);
            await Operators.FundAsync(services, buyer, 1_000, 0);
            var trading = services.GetRequiredService<TradingService>();
            foreach (var (price, quantity) in new[] { (0.0150m, 300L), (0.0155m, 200L), (0.0148m, 500L) })
            {
                await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, price, quantity));
                await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, price, quantity));
            }
            var market = services.GetRequiredService<MarketDataService>();
            await WaitUntilAsync(() => market.RecentTrades(10).Count == 3);
            candlesBefore = [.. CandleIntervals.All.Select(i => market.Candles(i))];
            tickerBefore = market.Ticker();
            tradesBefore = market.RecentTrades(10);
        }
        finally
        {
            first.Dispose();
        }

        using var second = new AppFactory();
        second.Settings["ConnectionStrings:Default"] = $"Data Source={first.DatabasePath}";
        var restarted = second.Services.GetRequiredService<MarketDataService>();
        await restarted.Ready.WaitAsync(TimeSpan.FromSeconds(10));

        for (var i = 0; i < CandleIntervals.All.Count; i++)
            Assert.Equal(candlesBefore[i], restarted.Candles(CandleIntervals.All[i]));
        Assert.Equal(tickerBefore with { AsOf = default }, restarted.Ticker() with { AsOf = default });
        Assert.Equal(tradesBefore, restarted.RecentTrades(10));
        Assert.Equal(0.0148m, tickerBefore.Last!.Value.Dollars);
        Assert.Equal(1_000, tickerBefore.Volume.Units);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.True(condition());
    }
}
