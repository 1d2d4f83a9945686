using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

// One sequence for the outside: REST's book, the hub's snapshot and deltas, trades and tickers all carry the journal
// sequence of the last command applied, in one order per batch.
public sealed class MarketSequenceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly List<AppFactory> _factories = [];

    public void Dispose()
    {
        foreach (var factory in _factories)
            factory.Dispose();
    }

    private AppFactory App(string? folder = null)
    {
        var factory = folder is null ? new AppFactory() : new AppFactory { Folder = folder };
        _factories.Add(factory);
        return factory;
    }

    private static HubConnection Connect(AppFactory factory) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, MarketHub.Path), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            })
            .Build();

    // Start-up commands (epochs) run first, so the journal holds only the tests' commands from here on.
    private static async Task<(long Seller, long Buyer)> TradersAsync(AppFactory factory)
    {
        var services = factory.Services;
        await services.GetRequiredService<EpochService>().Started.WaitAsync(Patience);
        var seller = await Operators.CreateAsync(services, "seq-seller@test.local");
        var buyer = await Operators.CreateAsync(services, "seq-buyer@test.local");
        await Operators.FundAsync(services, seller, 0, 1_000);
        await Operators.FundAsync(services, buyer, 100, 0);
        return (seller, buyer);
    }

    private static Task<BookSnapshotMessage?> RestBookAsync(AppFactory factory) =>
        factory.CreateClient().GetFromJsonAsync<BookSnapshotMessage>("/api/v1/market/book?depth=50");

    // The hub streams from its own task: ask until its snapshot reaches the sequence (or time runs out).
    private static async Task<BookSnapshotMessage> HubSnapshotAtAsync(HubConnection connection, long sequence)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var snapshot = await connection.InvokeAsync<BookSnapshotMessage>("GetSnapshot");
            if (snapshot.Sequence >= sequence || DateTime.UtcNow > deadline)
                return snapshot;
            await Task.Delay(20);
        }
    }

    private static IEnumerable<(decimal, long, int)> Levels(IEnumerable<BookLevelMessage> levels) => levels.Select(l => (l.Price, l.Quantity, l.Orders));

    [Fact]
    public async Task RestBookAndHubSnapshotShareOneSequence()
    {
        var factory = App();
        var (seller, buyer) = await TradersAsync(factory);
        var trading = factory.Services.GetRequiredService<TradingService>();
        var host = factory.Services.GetRequiredService<ExchangeHost>();
        Assert.True((await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 500))).Succeeded);
        Assert.True((await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0190m, 100))).Succeeded);
        var beforeIoc = (await RestBookAsync(factory))!;

        // Below the best ask: it trades nothing and leaves no level behind, yet it is a command like any other.
        var ioc = await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0195m, 50, TimeInForce.Ioc));
        Assert.True(ioc.Succeeded && ioc.Outcome!.Fills.Count == 0, ioc.ErrorMessage);

        var rest = (await RestBookAsync(factory))!;
        await using var connection = Connect(factory);
        await connection.StartAsync();
        var hub = await HubSnapshotAtAsync(connection, rest.Sequence);
        Assert.Equal(host.JournalSequence, rest.Sequence);
        Assert.Equal(beforeIoc.Sequence + 1, rest.Sequence);
        Assert.Equal(rest.Sequence, hub.Sequence);
        Assert.Equal(Levels(rest.Bids), Levels(hub.Bids));
        Assert.Equal(Levels(rest.Asks), Levels(hub.Asks));
        Assert.Equal(Levels(beforeIoc.Bids), Levels(rest.Bids));
    }

    [Fact]
    public async Task ABookDeltaArrivesBeforeTheTradeItCaused()
    {
        var factory = App();
        var (seller, buyer) = await TradersAsync(factory);
        var trading = factory.Services.GetRequiredService<TradingService>();
        var host = factory.Services.GetRequiredService<ExchangeHost>();
        await using var connection = Connect(factory);
        var heard = new List<(string Message, long Sequence)>();
        var snapshot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tickers = new List<TickerMessage>();
        BookDeltaMessage? lastDelta = null;
        connection.On<BookSnapshotMessage>("Snapshot", _ => snapshot.TrySetResult());
        connection.On<BookDeltaMessage>("BookDelta", d => { lock (heard) { heard.Add(("BookDelta", d.Sequence)); lastDelta = d; } });
        connection.On<TradeMessage>("Trade", t => { lock (heard) heard.Add(("Trade", t.Sequence)); });
        connection.On<TickerMessage>("Ticker", t => { lock (heard) { heard.Add(("Ticker", t.Sequence)); tickers.Add(t); } });
        await connection.StartAsync();
        await snapshot.Task.WaitAsync(Patience);

        Assert.True((await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 400))).Succeeded);
        var crossing = await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0150m, 250));
        Assert.Single(crossing.Outcome!.Fills);
        var sequence = host.JournalSequence;

        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline && !Heard(heard, ("Ticker", sequence)))
            await Task.Delay(20);
        List<string> order;
        lock (heard)
            order = [.. heard.Where(m => m.Sequence == sequence).Select(m => m.Message)];
        Assert.Equal(["BookDelta", "Trade", "Ticker"], order);
        Assert.Equal(new BookChangeMessage("sell", 0.0150m, 150, 1), Assert.Single(lastDelta!.Changes));
        var ticker = tickers[^1];
        Assert.Equal((0.0150m, 250L, (decimal?)0.0150m), (ticker.Last, ticker.Volume, ticker.BestAsk));
    }

    private static bool Heard(List<(string, long)> heard, (string, long) message)
    {
        lock (heard)
            return heard.Contains(message);
    }

    [Fact]
    public async Task BookSequenceNeverGoesBackwardsAcrossARestart()
    {
        var first = App();
        var (seller, buyer) = await TradersAsync(first);
        var trading = first.Services.GetRequiredService<TradingService>();
        Assert.True((await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 500))).Succeeded);
        Assert.True((await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 100))).Succeeded);
        Assert.True((await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0180m, 100))).Succeeded);
        var before = (await RestBookAsync(first))!;
        Assert.Equal(first.Services.GetRequiredService<ExchangeHost>().JournalSequence, before.Sequence);
        await first.DisposeAsync();

        var second = App(first.Folder);
        var host = second.Services.GetRequiredService<ExchangeHost>();
        await second.Services.GetRequiredService<EpochService>().Started.WaitAsync(Patience);
        var after = (await RestBookAsync(second))!;
        await using var connection = Connect(second);
        await connection.StartAsync();
        var hub = await HubSnapshotAtAsync(connection, after.Sequence);

        // The same book, numbered with the journal sequence applied (start-up commands after the restart's journal move
        // the number on, never back), on REST and on the hub alike.
        Assert.True(after.Sequence >= before.Sequence, $"{after.Sequence} after {before.Sequence}");
        Assert.True(after.Sequence >= host.Start!.JournalSequence);
        Assert.Equal(Levels(before.Bids), Levels(after.Bids));
        Assert.Equal(Levels(before.Asks), Levels(after.Asks));
        Assert.Equal(after.Sequence, hub.Sequence);

        var resting = await second.Services.GetRequiredService<TradingService>()
            .PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0185m, 10));
        Assert.True(resting.Succeeded, resting.ErrorMessage);
        var next = (await RestBookAsync(second))!;
        Assert.True(next.Sequence > after.Sequence, $"{next.Sequence} after {after.Sequence}");
    }
}
