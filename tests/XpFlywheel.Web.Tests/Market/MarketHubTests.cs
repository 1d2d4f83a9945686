using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

// Each test gets its own app: a shared book would mix the tests' orders.
public sealed class MarketHubTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private HubConnection Connect(HttpTransportType transport = HttpTransportType.LongPolling) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, MarketHub.Path), options =>
            {
                options.Transports = transport;
                options.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                options.WebSocketFactory = async (context, cancellationToken) =>
                    await _factory.Server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
            })
            .Build();

    [Fact]
    public async Task A_visitor_connects_and_receives_a_trade_placed_through_the_app()
    {
        var services = _factory.Services;
        var seller = await Operators.CreateAsync(services, "hub-seller@test.local");
        var buyer = await Operators.CreateAsync(services, "hub-buyer@test.local");
        await Operators.FundAsync(services, seller, 0, 1_000);
        await Operators.FundAsync(services, buyer, 100, 0);
        await using var connection = Connect(HttpTransportType.WebSockets);
        var trade = new TaskCompletionSource<TradeMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var snapshot = new TaskCompletionSource<BookSnapshotMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<TradeMessage>("Trade", t => trade.TrySetResult(t));
        connection.On<BookSnapshotMessage>("Snapshot", s => snapshot.TrySetResult(s));
        await connection.StartAsync();
        await snapshot.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var trading = services.GetRequiredService<TradingService>();
        Assert.True((await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 400))).Succeeded);
        Assert.True((await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0150m, 250))).Succeeded);

        var received = await trade.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0.0150m, received.Price);
        Assert.Equal(250, received.Quantity);
        Assert.Equal("buy", received.TakerSide);
        var ticker = await connection.InvokeAsync<TickerMessage>("GetTicker");
        Assert.Equal(0.0150m, ticker.Last);
        Assert.Equal(250, ticker.Volume);
    }

    [Fact]
    public async Task A_trade_a_replica_reload_passed_over_reaches_hub_clients_after_the_history_is_read_again()
    {
        var services = _factory.Services;
        var seller = await Operators.CreateAsync(services, "late-seller@test.local");
        var buyer = await Operators.CreateAsync(services, "late-buyer@test.local");
        await Operators.FundAsync(services, seller, 0, 1_000);
        await Operators.FundAsync(services, buyer, 100, 0);
        var market = services.GetRequiredService<MarketDataService>();
        await market.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        var trading = services.GetRequiredService<TradingService>();
        Assert.True((await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 400))).Succeeded);
        Assert.True((await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0150m, 250))).Succeeded);
        var live = market.RecentTrades(1).Single();

        await using var connection = Connect(HttpTransportType.WebSockets);
        var trades = new List<TradeMessage>();
        var snapshot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<TradeMessage>("Trade", t => { lock (trades) trades.Add(t); });
        connection.On<BookSnapshotMessage>("Snapshot", _ => snapshot.TrySetResult());
        await connection.StartAsync();
        await snapshot.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // A follower's replica jumped past a trade's command: the trade is in the history read again, never published.
        services.GetRequiredService<ExchangeFeed>().Publish(new ReplicaReloaded(live.Sequence, live.Sequence + 5));
        var passedOver = live with { TradeId = live.TradeId + 1, Sequence = live.Sequence + 3, Quantity = new XpFlywheel.Core.Primitives.Xp(7) };
        market.Rebuild([live, passedOver], market.Holds);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && trades.Count == 0)
            await Task.Delay(20);
        await Task.Delay(300);
        lock (trades)
        {
            var late = Assert.Single(trades);
            Assert.Equal(passedOver.TradeId, late.Id);
            Assert.Equal(7, late.Quantity);
        }
    }

    [Fact]
    public async Task A_book_kept_from_snapshot_and_deltas_equals_the_engine_book_after_a_burst_of_random_orders()
    {
        var services = _factory.Services;
        var trading = services.GetRequiredService<TradingService>();
        var operators = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var id = await Operators.CreateAsync(services, $"burst-{i}@test.local");
            await Operators.FundAsync(services, id, 10_000, 1_000_000);
            operators.Add(id);
        }
        // Seed a reference price so the band is known.
        await trading.PlaceAsync(operators[0], new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 10));
        await trading.PlaceAsync(operators[1], new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 10));

        await using var connection = Connect();
        var client = new BookClient(connection);
        await connection.StartAsync();
        await client.Synchronised.WaitAsync(TimeSpan.FromSeconds(10));

        var random = new Random(42);
        var placed = new List<Task<TradeResult>>();
        for (var i = 0; i < 200; i++)
        {
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            // Prices within ±10% of 0.0200 on 40 ticks keep every level inside the streamed top 50.
            var price = 0.0180m + random.Next(40) * 0.0001m;
            var type = random.Next(10) == 0 ? OrderType.Market : OrderType.Limit;
            placed.Add(trading.PlaceAsync(operators[random.Next(operators.Count)],
                new PlaceOrderRequest(side, type, type == OrderType.Limit ? price : null, random.Next(1, 500), type == OrderType.Market ? TimeInForce.Ioc : TimeInForce.Gtc)));
            if (random.Next(8) == 0)
                placed.Add(trading.CancelAllAsync(operators[random.Next(operators.Count)]));
        }
        await Task.WhenAll(placed);

        // Callers are answered before the batch's book is published, so compare with the latest book each time.
        var feed = services.GetRequiredService<ExchangeFeed>();
        await client.WaitForAsync(book => Same(book, feed.Book), TimeSpan.FromSeconds(10));
        Assert.True(feed.Book.Bids.Count + feed.Book.Asks.Count > 0);
        Assert.True(client.Deltas > 0);
        Assert.Equal(0, client.Resyncs);
    }

    private static bool Same(BookClient.Levels book, BookSnapshot engine) =>
        book.Bids.SequenceEqual(engine.Bids.Select(l => (l.Price.Dollars, l.Quantity.Units)))
        && book.Asks.SequenceEqual(engine.Asks.Select(l => (l.Price.Dollars, l.Quantity.Units)));
}
