using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Streams;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

// A method's reply never overtakes what was queued for its caller before the call: both hubs.
public sealed class HubReplyOrderTests : IDisposable
{
    // Enough to be still queued when the call arrives: a megabyte, past what the socket takes before the client reads.
    private const int Burst = 1_000;
    private static readonly string Padding = new('x', 1_000);

    private readonly AppFactory _factory = new() { Settings = { ["RateLimits:HubCallsPerSecond"] = "1000" } };

    public void Dispose() => _factory.Dispose();

    // Queues a burst of numbered pushes on every connection of the hub, without waiting for any to be written.
    private static async Task BurstAsync<THub>(HubLifetimeManager<THub> connections) where THub : Hub
    {
        for (var i = 0; i < Burst; i++)
            await connections.SendAllAsync("Probe", [i, Padding]);
    }

    private static void AssertEveryProbeBeforeTheReply(List<JsonElement> frames, string method)
    {
        Assert.Equal(3, RawHubClient.Type(frames[^1]));
        var probes = frames.Where(f => RawHubClient.Target(f) == "Probe").Select(f => f.GetProperty("arguments")[0].GetInt32()).ToList();
        Assert.True(probes.Count == Burst, $"{method}'s reply came after {probes.Count} of the {Burst} pushes queued before the call");
        Assert.Equal(Enumerable.Range(0, Burst), probes);
    }

    [Fact]
    public async Task Market_hub_method_replies_arrive_after_every_push_queued_before_the_call()
    {
        await using var client = await RawHubClient.ConnectAsync(_factory, MarketHub.Path);
        await client.ReadUntilAsync(f => RawHubClient.Target(f) == "Ticker");
        var connections = _factory.Services.GetRequiredService<HubLifetimeManager<MarketHub>>();

        (string Method, object?[] Arguments)[] calls =
        [
            ("GetSnapshot", []),
            ("GetTicker", []),
            ("GetRecentTrades", [null]),
            ("GetCandles", ["1m", null]),
            ("GetCandles", ["2m", null]),            // refused: the error is a reply too
            ("Subscribe", [new[] { "trades" }]),
            ("SubscribeCombined", [new[] { "book" }]), // takes up the book again: its snapshot comes before the reply
        ];
        foreach (var (method, arguments) in calls)
        {
            await BurstAsync(connections);
            var frames = await client.InvokeAsync(method, arguments);
            AssertEveryProbeBeforeTheReply(frames, method);
            if (method == "SubscribeCombined")
                Assert.Contains(frames, f => RawHubClient.Target(f) == "Snapshot");
        }
    }

    [Fact]
    public async Task User_hub_subscribe_replies_after_every_push_queued_before_the_call()
    {
        var trader = await ApiClient.CreateAsync(_factory, "reply-order@test.local", xp: 10);
        await using var client = await RawHubClient.ConnectAsync(_factory, UserHub.Path, trader.Key);
        var connections = _factory.Services.GetRequiredService<HubLifetimeManager<UserHub>>();
        // The handshake is answered before the connection joins the hub's connections (and its outbox opens): a call's
        // answer, even a refusal, comes only once it has, so pushes sent after it reach this connection.
        Assert.Equal(3, RawHubClient.Type((await client.InvokeAsync("NoSuchMethod"))[^1]));

        await BurstAsync(connections);
        var frames = await client.InvokeAsync("Subscribe", [null]);
        AssertEveryProbeBeforeTheReply(frames, "Subscribe");
        // The snapshot the call queued comes before its reply too (it is read on the writer after the call begins).
        var snapshot = frames.Single(f => RawHubClient.Target(f) == "Snapshot").GetProperty("arguments")[0];
        Assert.Equal(10, snapshot.GetProperty("wallet").GetProperty("xpAvailable").GetInt64());
    }

    /// <summary>
    /// Subscribe replies after what it sends (README, user stream): a client that awaited it holds its snapshot, or the
    /// events it missed, whichever the call sent. Several rounds, since the snapshot is read on the writer.
    /// </summary>
    [Fact]
    public async Task User_hub_subscribe_replies_after_its_snapshot_or_the_events_it_replays()
    {
        var trader = await ApiClient.CreateAsync(_factory, "reply-after-own@test.local", xp: 1_000);
        var trading = _factory.Services.GetRequiredService<XpFlywheel.Web.Exchange.TradingService>();
        var placed = await trading.PlaceAsync(trader.OperatorId, new XpFlywheel.Web.Exchange.PlaceOrderRequest(
            XpFlywheel.Core.Matching.Side.Sell, XpFlywheel.Core.Matching.OrderType.Limit, 0.0300m, 10, XpFlywheel.Core.Matching.TimeInForce.Gtc));
        var orderId = placed.Outcome!.OrderId;
        for (var round = 0; round < 5; round++)
        {
            await using var first = await RawHubClient.ConnectAsync(_factory, UserHub.Path, trader.Key);
            var frames = await first.InvokeAsync("Subscribe", [null]);
            var snapshot = frames.Single(f => RawHubClient.Target(f) == "Snapshot").GetProperty("arguments")[0];
            Assert.Equal(orderId, snapshot.GetProperty("orders")[0].GetProperty("orderId").GetInt64());

            // An event after that snapshot, once the stream has it (the first connection received it); then a resume
            // from the snapshot's sequence gets the event before the reply.
            Assert.True((await trading.AmendAsync(trader.OperatorId, orderId, null, 0.0301m + round * 0.0001m)).Succeeded);
            await first.ReadUntilAsync(f => RawHubClient.Target(f) == "Order");
            await using var resumed = await RawHubClient.ConnectAsync(_factory, UserHub.Path, trader.Key);
            var replayed = await resumed.InvokeAsync("Subscribe", [snapshot.GetProperty("sequence").GetInt64()]);
            var order = replayed.Single(f => RawHubClient.Target(f) == "Order").GetProperty("arguments")[0];
            Assert.Equal("amended", order.GetProperty("event").GetString());
        }
    }
}
