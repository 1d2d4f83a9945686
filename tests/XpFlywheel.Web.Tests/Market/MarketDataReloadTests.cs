using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

/// <summary>
/// A follower whose replica is rebuilt from the tables other than by one step (<see cref="ReplicaReloaded"/>) passed
/// over trades it never published, or publishes some again: its candles, ticker and tape are read again from the
/// Trades table, live trades waiting meanwhile, so each trade shows once and none is missing.
/// </summary>
public sealed class MarketDataReloadTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static TradePrint Print(long id) => new(id, new Price(100 + id), new Xp(10), Side.Buy, At.AddSeconds(id), id * 10);

    private static BookChanged Live(params TradePrint[] trades) =>
        new(new BookSnapshot(trades[^1].Sequence, [], [], null, null, false, At), trades);

    private static long[] Tape(MarketDataService market) => [.. market.RecentTrades(100).Select(t => t.TradeId).Reverse()];

    [Fact]
    public void After_a_replica_reload_the_tape_holds_every_trade_once_including_those_never_published()
    {
        var feed = new ExchangeFeed(NullLogger<ExchangeFeed>.Instance);
        using var market = new MarketDataService(feed, TimeProvider.System);
        market.Rebuild([Print(1)]);

        feed.Publish(new ReplicaReloaded(10, 30));
        var holds = market.Holds;
        // Published live after the reload: held until the history is read again.
        feed.Publish(Live(Print(3)));
        Assert.Equal([1], Tape(market));

        // The table holds trade 2 (passed over by the reload, never published here) and trade 3 (also published live).
        market.Rebuild([Print(1), Print(2), Print(3)], holds);
        Assert.Equal([1, 2, 3], Tape(market));
        feed.Publish(Live(Print(4)));
        Assert.Equal([1, 2, 3, 4], Tape(market));
    }

    [Fact]
    public void A_history_read_before_a_later_reload_keeps_live_trades_held_for_the_next_read()
    {
        var feed = new ExchangeFeed(NullLogger<ExchangeFeed>.Instance);
        using var market = new MarketDataService(feed, TimeProvider.System);
        market.Rebuild([Print(1)]);
        feed.Publish(new ReplicaReloaded(10, 20));
        var read = market.Holds;
        feed.Publish(new ReplicaReloaded(20, 40));

        market.Rebuild([Print(1), Print(2)], read);
        feed.Publish(Live(Print(4)));
        Assert.Equal([1, 2], Tape(market));

        market.Rebuild([Print(1), Print(2), Print(3)], market.Holds);
        Assert.Equal([1, 2, 3, 4], Tape(market));
    }

    private static List<long> Raised(MarketDataService market)
    {
        var raised = new List<long>();
        market.Subscribe(change => raised.AddRange(change.Trades.Select(t => t.TradeId)));
        return raised;
    }

    [Fact]
    public void The_history_read_at_start_is_not_raised_to_subscribers_as_trades()
    {
        var feed = new ExchangeFeed(NullLogger<ExchangeFeed>.Instance);
        using var market = new MarketDataService(feed, TimeProvider.System);
        var raised = Raised(market);
        feed.Publish(Live(Print(3)));

        market.Rebuild([Print(1), Print(2), Print(3)]);
        feed.Publish(Live(Print(4)));

        Assert.Equal([3, 4], raised);
    }

    [Fact]
    public void A_replica_reload_before_the_history_is_first_read_raises_none_of_the_history()
    {
        var feed = new ExchangeFeed(NullLogger<ExchangeFeed>.Instance);
        using var market = new MarketDataService(feed, TimeProvider.System);
        var raised = Raised(market);
        feed.Publish(new ReplicaReloaded(10, 30));

        market.Rebuild([Print(1), Print(2), Print(3)], market.Holds);
        feed.Publish(Live(Print(4)));

        Assert.Equal([4], raised);
        Assert.Equal([1, 2, 3, 4], Tape(market));
    }

    [Fact]
    public void Trades_a_replica_reload_passed_over_reach_subscribers_once_after_the_history_is_read_again()
    {
        var feed = new ExchangeFeed(NullLogger<ExchangeFeed>.Instance);
        using var market = new MarketDataService(feed, TimeProvider.System);
        market.Rebuild([Print(1)]);
        var raised = Raised(market);
        feed.Publish(Live(Print(2)));

        // The replica jumped past the commands of trades 3 and 4; trade 5 is live after the jump.
        feed.Publish(new ReplicaReloaded(20, 40));
        var holds = market.Holds;
        feed.Publish(Live(Print(5)));
        Assert.Equal([2, 5], raised);

        market.Rebuild([Print(1), Print(2), Print(3), Print(4), Print(5)], holds);
        Assert.Equal([2, 5, 3, 4], raised);

        // A later reload back to an earlier checkpoint applies trade 4's command again: it is not raised twice.
        feed.Publish(new ReplicaReloaded(50, 35));
        feed.Publish(Live(Print(4)));
        feed.Publish(Live(Print(5), Print(6)));
        market.Rebuild([Print(1), Print(2), Print(3), Print(4), Print(5), Print(6)], market.Holds);
        feed.Publish(Live(Print(7)));
        Assert.Equal([2, 5, 3, 4, 6, 7], raised);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], Tape(market));
    }

    [Fact]
    public void A_replica_reload_that_passed_over_more_trades_than_the_tape_keeps_raises_only_the_newest_late()
    {
        var feed = new ExchangeFeed(NullLogger<ExchangeFeed>.Instance);
        using var market = new MarketDataService(feed, TimeProvider.System);
        market.Rebuild([Print(1)]);
        var raised = Raised(market);

        feed.Publish(new ReplicaReloaded(10, 100_000));
        var missed = MarketDataService.LateTradeLimit + 20;
        market.Rebuild([.. Enumerable.Range(1, missed + 1).Select(i => Print(i))], market.Holds);

        Assert.Equal(MarketDataService.LateTradeLimit, raised.Count);
        Assert.Equal(Enumerable.Range(22, MarketDataService.LateTradeLimit).Select(i => (long)i), raised);
        feed.Publish(Live(Print(missed + 2)));
        Assert.Equal(missed + 2, raised[^1]);
    }

    [Fact]
    public async Task The_app_reads_its_trades_again_after_a_replica_reload()
    {
        await using var factory = new AppFactory();
        var services = factory.Services;
        var seller = await Operators.CreateAsync(services, "reload-seller@test.local");
        var buyer = await Operators.CreateAsync(services, "reload-buyer@test.local");
        await Operators.FundAsync(services, seller, 0, 10_000);
        await Operators.FundAsync(services, buyer, 1_000, 0);
        var trading = services.GetRequiredService<TradingService>();
        var market = services.GetRequiredService<MarketDataService>();
        await market.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 300));
        await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0150m, 300));
        var before = market.Holds;

        services.GetRequiredService<ExchangeFeed>().Publish(new ReplicaReloaded(1, 1));
        await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0151m, 200));
        await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0151m, 200));

        // Both trades, once each, once the history read after the reload has replaced the held state.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Tape(market).Length < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(before + 1, market.Holds);
        var tape = market.RecentTrades(10);
        Assert.Equal(2, tape.Count);
        Assert.Equal([300L, 200L], tape.Reverse().Select(t => t.Quantity.Units));
    }
}
