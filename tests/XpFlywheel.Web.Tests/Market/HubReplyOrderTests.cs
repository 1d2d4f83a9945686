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
        // The snapshot is read on the writer after the call: it may be queued before the reply or after it.
        var snapshot = frames.LastOrDefault(f => RawHubClient.Target(f) == "Snapshot") is { ValueKind: JsonValueKind.Object } early
            ? early
            : (await client.ReadUntilAsync(f => RawHubClient.Target(f) == "Snapshot"))[^1];
        Assert.Equal(10, snapshot.GetProperty("arguments")[0].GetProperty("wallet").GetProperty("xpAvailable").GetInt64());
    }
}
