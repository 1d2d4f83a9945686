using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

/// <summary>The app on Kestrel at a loopback port: only a real socket shows a client that stops reading.</summary>
public sealed class SlowHubClientTests : IAsyncLifetime
{
    private readonly AppFactory _factory = new()
    {
        Settings =
        {
            ["RateLimits:HubCallsPerSecond"] = "100000",
            ["MarketHub:OutboxCapacity"] = "64",
        },
    };

    private int _port;

    public Task InitializeAsync()
    {
        // Port 0: Kestrel binds a free port itself (a port probed and released first could be taken by a parallel test).
        _factory.UseKestrel(0);
        _factory.StartServer();
        _port = new Uri(_factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First()).Port;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_hub_client_that_stops_reading_is_dropped_and_never_delays_the_other_followers()
    {
        var services = _factory.Services;
        var trading = services.GetRequiredService<TradingService>();
        var seller = await Operators.CreateAsync(services, "slow-seller@test.local");
        var buyer = await Operators.CreateAsync(services, "slow-buyer@test.local");
        await Operators.FundAsync(services, seller, 0, 10_000_000);
        await Operators.FundAsync(services, buyer, 100_000, 0);
        // Enough trades that each GetRecentTrades(500) answer is tens of kilobytes.
        for (var i = 0; i < 150; i++)
        {
            await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 10 + i));
            await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 10 + i));
        }

        var followers = new List<(HubConnection Connection, List<long> Received)>();
        for (var i = 0; i < 10; i++)
        {
            var received = new List<long>();
            var connection = new HubConnectionBuilder()
                .WithUrl($"http://127.0.0.1:{_port}{MarketHub.Path}", o => o.Transports = HttpTransportType.WebSockets)
                .Build();
            connection.On<TradeMessage>("Trade", t => { lock (received) received.Add(Stopwatch.GetTimestamp()); });
            await connection.StartAsync();
            followers.Add((connection, received));
        }

        // A client with a tiny receive window asks for far more than it will ever read.
        using var slow = await StalledClient.ConnectAsync(_port);
        for (var i = 0; i < 300; i++)
            await slow.InvokeAsync("GetRecentTrades", 500);
        await Task.Delay(500);

        var sent = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 5));
            await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 5));
            sent.Add(Stopwatch.GetTimestamp());
            await Task.Delay(50);
        }

        var deadline = Stopwatch.StartNew();
        while (followers.Any(f => Count(f.Received) < sent.Count) && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(50);
        foreach (var (connection, received) in followers)
        {
            List<long> arrivals;
            lock (received) arrivals = [.. received];
            Assert.Equal(sent.Count, arrivals.Count);
            var worst = sent.Zip(arrivals, (s, r) => Stopwatch.GetElapsedTime(s, r)).Max();
            // Waiting on the stalled client held every follower for SignalR's send timeout (10 s and more); 5 s leaves a
            // loaded machine its slowness without letting that through.
            Assert.True(worst < TimeSpan.FromSeconds(5), $"A follower waited {worst.TotalMilliseconds:F0} ms for a trade.");
            await connection.DisposeAsync();
        }

        // Publishes fold the trades above into however many frames the pacing allows, so the stalled queue may not be
        // full yet: each further trade adds at least one Trade frame to it, and the connection is dropped the moment
        // it holds more than its capacity. 200 trades is three times the capacity, however the frames fold.
        var manager = (MarketHubLifetimeManager)services.GetRequiredService<HubLifetimeManager<MarketHub>>();
        var dropped = Stopwatch.StartNew();
        for (var i = 0; i < 200 && manager.ConnectionCount > 0; i++)
        {
            await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 5));
            await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 5));
        }
        while (manager.ConnectionCount > 0 && dropped.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(50);
        Assert.Equal(0, manager.ConnectionCount);
    }

    private static int Count(List<long> received)
    {
        lock (received)
            return received.Count;
    }

    /// <summary>A raw WebSocket speaking SignalR's JSON protocol that never reads after its handshake.</summary>
    private sealed class StalledClient(Socket socket) : IDisposable
    {
        public static async Task<StalledClient> ConnectAsync(int port)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
            await socket.ConnectAsync(IPAddress.Loopback, port);
            var request = $"GET {MarketHub.Path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request));
            var buffer = new byte[1024];
            var answer = new StringBuilder();
            while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer);
                Assert.True(read > 0, "The server closed the socket during the upgrade.");
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            Assert.StartsWith("HTTP/1.1 101", answer.ToString());
            var client = new StalledClient(socket);
            await client.SendTextAsync("{\"protocol\":\"json\",\"version\":1}\u001e");
            return client;
        }

        private int _invocation;

        public Task InvokeAsync(string method, int argument) =>
            SendTextAsync($"{{\"type\":1,\"invocationId\":\"{++_invocation}\",\"target\":\"{method}\",\"arguments\":[{argument}]}}\u001e");

        private async Task SendTextAsync(string text)
        {
            var payload = Encoding.UTF8.GetBytes(text);
            var frame = new List<byte> { 0x81 };
            if (payload.Length < 126)
                frame.Add((byte)(0x80 | payload.Length));
            else
            {
                frame.Add(0x80 | 126);
                frame.Add((byte)(payload.Length >> 8));
                frame.Add((byte)payload.Length);
            }
            byte[] mask = [1, 2, 3, 4];
            frame.AddRange(mask);
            frame.AddRange(payload.Select((b, i) => (byte)(b ^ mask[i % 4])));
            await socket.SendAsync(frame.ToArray());
        }

        public void Dispose() => socket.Dispose();
    }
}
