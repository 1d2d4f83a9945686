using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

// Publishes are paced: batches committed within MarketHub:PublishInterval of the last publish go out together at its
// end, as one delta whose range covers them all, with every trade, so a busy market costs each connection at most
// one frame per interval and a book kept from the deltas stays exact.
public sealed class MarketPublishPacingTests : IDisposable
{
    private readonly AppFactory _factory = new() { Settings = { ["MarketHub:PublishInterval"] = "00:00:00.5", ["RateLimits:HubCallsPerSecond"] = "1000" } };

    public void Dispose() => _factory.Dispose();

    private HubConnection Connect() => MarketHubClient.Connect(_factory);

    [Fact]
    public async Task Batches_within_the_publish_interval_go_out_as_one_frame_covering_their_range()
    {
        var services = _factory.Services;
        var trading = services.GetRequiredService<TradingService>();
        var seller = await Operators.CreateAsync(services, "pace-seller@test.local");
        var buyer = await Operators.CreateAsync(services, "pace-buyer@test.local");
        await Operators.FundAsync(services, seller, 0, 10_000);
        await Operators.FundAsync(services, buyer, 1_000, 0);

        await using var connection = Connect();
        var book = new BookClient(connection);
        var updates = new List<MarketUpdateMessage>();
        connection.On<MarketUpdateMessage>("Update", u => { lock (updates) updates.Add(u); });
        await connection.StartAsync();
        await connection.InvokeAsync<string[]>("SubscribeCombined", new[] { "book", "trades" });
        await book.Synchronised.WaitAsync(TimeSpan.FromSeconds(10));
        lock (updates)
            updates.Clear();

        var host = services.GetRequiredService<ExchangeHost>();
        var first = host.JournalSequence + 1;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m + i * 0.0001m, 10))).Succeeded);
            Assert.True((await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0150m + i * 0.0001m, 4))).Succeeded);
        }
        var elapsed = clock.Elapsed;
        var last = host.JournalSequence;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && !updates.ToArray().Any(u => u.Sequence >= last))
            await Task.Delay(20);

        var feed = services.GetRequiredService<ExchangeFeed>();
        lock (updates)
        {
            var frames = updates.Where(u => u.Delta is not null).ToList();
            Assert.True(frames.Count <= elapsed.TotalSeconds / 0.5 + 2, $"{frames.Count} frames in {elapsed.TotalSeconds:0.00} s at one per 0.5 s");
            Assert.True(frames.Count < 40, $"{frames.Count} frames for 40 commands");
            Assert.InRange(first, frames[0].Delta!.FirstSequence, frames[0].Delta!.Sequence);
            for (var i = 1; i < frames.Count; i++)
                Assert.Equal(frames[i - 1].Delta!.Sequence + 1, frames[i].Delta!.FirstSequence);
            Assert.Equal(last, frames[^1].Sequence);
            var trades = updates.SelectMany(u => u.Trades).ToList();
            // Every buy of 4 fills against the cheaper asks: 80 XP in trades numbered one after another, none missing.
            Assert.Equal(80, trades.Sum(t => t.Quantity));
            Assert.Equal(Enumerable.Range((int)trades[0].Id, trades.Count).Select(i => (long)i), trades.Select(t => t.Id));
            Assert.All(updates, u => Assert.All(u.Trades, t => Assert.True(t.Sequence <= u.Sequence)));
        }
        Assert.Equal(0, book.Resyncs);
        Assert.Equal(feed.Book.Bids.Select(l => (l.Price.Dollars, l.Quantity.Units)), book.Current.Bids);
        Assert.Equal(feed.Book.Asks.Select(l => (l.Price.Dollars, l.Quantity.Units)), book.Current.Asks);
    }
}
