using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

public sealed class MarketChannelTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly AppFactory _factory = new() { Settings = { ["MarketHub:TickerInterval"] = "00:00:01", ["MarketHub:PublishInterval"] = "00:00:00", ["RateLimits:HubCallsPerSecond"] = "1000" } };

    public void Dispose() => _factory.Dispose();

    private HubConnection Connect() => MarketHubClient.Connect(_factory);

    // Every message, by name, in arrival order.
    private static List<(string Name, object Message)> Record(HubConnection connection)
    {
        var heard = new List<(string, object)>();
        void On<T>(string name) => connection.On<T>(name, m => { lock (heard) heard.Add((name, m!)); });
        On<BookSnapshotMessage>("Snapshot");
        On<BookDeltaMessage>("BookDelta");
        On<TradeMessage>("Trade");
        On<CandleMessage>("Candle");
        On<TickerMessage>("Ticker");
        On<MarketUpdateMessage>("Update");
        return heard;
    }

    // Connects and waits for the snapshot and ticker every connection gets first, then forgets them. (They come through
    // the connection's outbox, and a method's answer waits for what was queued before it, so once a call has returned
    // they have arrived; waiting for them here keeps this independent of that rule, tested in HubReplyOrderTests.)
    private static async Task StartAsync(HubConnection connection, List<(string Name, object Message)> heard)
    {
        await connection.StartAsync();
        await WaitAsync(() => { lock (heard) return heard.Any(m => m.Name == "Snapshot") && heard.Any(m => m.Name == "Ticker"); });
        lock (heard)
            heard.Clear();
    }

    private async Task<(long Seller, long Buyer)> TradersAsync()
    {
        var seller = await Operators.CreateAsync(_factory.Services, "channel-seller@test.local");
        var buyer = await Operators.CreateAsync(_factory.Services, "channel-buyer@test.local");
        await Operators.FundAsync(_factory.Services, seller, 0, 10_000);
        await Operators.FundAsync(_factory.Services, buyer, 1_000, 0);
        return (seller, buyer);
    }

    private static async Task WaitAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!done() && DateTime.UtcNow < deadline)
            await Task.Delay(20);
    }

    [Fact]
    public async Task Channel_subscription_receives_only_chosen_channels()
    {
        var (seller, buyer) = await TradersAsync();
        await using var tape = Connect();
        var tapeHeard = Record(tape);
        await StartAsync(tape, tapeHeard);
        Assert.Equal(["trades"], await tape.InvokeAsync<string[]>("Subscribe", new[] { "trades" }));
        await using var combined = Connect();
        var combinedHeard = Record(combined);
        await StartAsync(combined, combinedHeard);
        Assert.Equal(["book", "candles"], await combined.InvokeAsync<string[]>("SubscribeCombined", new[] { "candles", "book" }));

        var trading = _factory.Services.GetRequiredService<TradingService>();
        Assert.True((await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 400))).Succeeded);
        Assert.True((await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0150m, 250))).Succeeded);
        var sequence = _factory.Services.GetRequiredService<ExchangeHost>().JournalSequence;
        await WaitAsync(() => { lock (tapeHeard) return tapeHeard.Count > 0; });
        await WaitAsync(() => { lock (combinedHeard) return combinedHeard.Any(m => m.Message is MarketUpdateMessage u && u.Sequence == sequence); });
        await Task.Delay(1_500); // past the ticker interval: a held ticker would have gone out by now

        lock (tapeHeard)
        {
            var trade = Assert.IsType<TradeMessage>(Assert.Single(tapeHeard).Message);
            Assert.Equal((250L, sequence), (trade.Quantity, trade.Sequence));
        }
        lock (combinedHeard)
        {
            // Taking up "book" again is not needed (it was followed), so no snapshot: only one Update per batch.
            Assert.All(combinedHeard, m => Assert.Equal("Update", m.Name));
            var updates = combinedHeard.Select(m => (MarketUpdateMessage)m.Message).ToList();
            Assert.Equal(updates.Select(u => u.Sequence).Distinct(), updates.Select(u => u.Sequence));
            var crossing = updates.Single(u => u.Sequence == sequence);
            Assert.NotNull(crossing.Delta);
            Assert.Equal(250, crossing.Candle!.Volume);
            Assert.Empty(crossing.Trades);
            Assert.All(updates, u => Assert.Null(u.Ticker));
        }
    }

    /// <summary>
    /// The ticker a connection gets as it connects starts its interval: a trade published right after it waits for the
    /// interval (one second here) instead of sending a second ticker within milliseconds.
    /// </summary>
    [Fact]
    public async Task The_ticker_sent_on_connect_starts_the_interval()
    {
        var (seller, buyer) = await TradersAsync();
        await using var connection = Connect();
        var tickers = new List<(TickerMessage Ticker, long At)>();
        connection.On<TickerMessage>("Ticker", t => { lock (tickers) tickers.Add((t, Stopwatch.GetTimestamp())); });
        // The interval is measured from before connecting: the server cannot send the first ticker earlier, and the
        // first ticker's handler may run late on the client's queue, which would shorten a gap measured from it.
        var connecting = Stopwatch.GetTimestamp();
        await connection.StartAsync();
        await WaitAsync(() => { lock (tickers) return tickers.Count == 1; });

        var trading = _factory.Services.GetRequiredService<TradingService>();
        Assert.True((await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 10))).Succeeded);
        Assert.True((await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0150m, 10))).Succeeded);
        await WaitAsync(() => { lock (tickers) return tickers.Count >= 2; });

        lock (tickers)
        {
            Assert.True(tickers.Count >= 2, "the trade's ticker should arrive once the interval has passed");
            var gap = Stopwatch.GetElapsedTime(connecting, tickers[1].At);
            Assert.True(gap >= TimeSpan.FromMilliseconds(500), $"the second ticker came {gap.TotalMilliseconds:0} ms after connecting");
            Assert.Equal(1, tickers[^1].Ticker.Trades);
        }
    }

    [Fact]
    public async Task Ticker_is_coalesced_to_one_per_interval_and_the_last_one_is_never_lost()
    {
        var (seller, buyer) = await TradersAsync();
        await using var connection = Connect();
        var heard = Record(connection);
        await StartAsync(connection, heard);
        await connection.InvokeAsync<string[]>("Subscribe", new[] { "book", "ticker" });

        var trading = _factory.Services.GetRequiredService<TradingService>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m + i * 0.0001m, 10))).Succeeded);
            Assert.True((await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0150m + i * 0.0001m, 10))).Succeeded);
        }
        var elapsed = clock.Elapsed;
        var last = _factory.Services.GetRequiredService<ExchangeHost>().JournalSequence;
        await WaitAsync(() => { lock (heard) return heard.Any(m => m.Message is TickerMessage t && t.Sequence == last); });

        lock (heard)
        {
            var tickers = heard.Where(m => m.Name == "Ticker").Select(m => (TickerMessage)m.Message).ToList();
            var deltas = heard.Count(m => m.Name == "BookDelta");
            Assert.Equal(last, tickers[^1].Sequence);
            Assert.Equal(20, tickers[^1].Trades);
            Assert.True(tickers.Count <= elapsed.TotalSeconds + 3, $"{tickers.Count} tickers in {elapsed.TotalSeconds:0.0} s at one a second");
            Assert.True(deltas > tickers.Count, $"{deltas} deltas, {tickers.Count} tickers");
            Assert.Equal(tickers.OrderBy(t => t.Sequence).Select(t => t.Sequence), tickers.Select(t => t.Sequence));
            Assert.DoesNotContain(heard, m => m.Name is "Trade" or "Candle");
        }
    }

    [Fact]
    public async Task An_unknown_channel_is_refused_and_the_subscription_is_unchanged()
    {
        await using var connection = Connect();
        await connection.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<string[]>("Subscribe", new[] { "book", "orders" }));
        Assert.Contains("validation_failed: channels must be", refused.Message);
        Assert.Equal(["book", "trades", "ticker", "candles"], await connection.InvokeAsync<string[]>("Subscribe", Array.Empty<string>()));
    }
}
