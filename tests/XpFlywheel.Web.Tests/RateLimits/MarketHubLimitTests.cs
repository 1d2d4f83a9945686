using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.RateLimits;

public sealed class MarketHubLimitTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Connection_beyond_the_per_address_cap_is_closed_and_a_freed_place_can_be_reused()
    {
        _factory.Settings["RateLimits:HubConnectionsPerIp"] = "2";
        await using var first = Connect();
        await using var second = Connect();
        await first.StartAsync();
        await second.StartAsync();
        await second.InvokeAsync<TickerMessage>("GetTicker");

        await using var third = Connect();
        var error = await MarketHubClient.RefusedAsync(third);
        Assert.Contains("rate_limited", error?.Message ?? "");

        // The server frees the place when it sees the first connection go, a moment after the client stopped.
        await first.StopAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using var fourth = Connect();
            try
            {
                await fourth.StartAsync();
                Assert.NotNull(await fourth.InvokeAsync<TickerMessage>("GetTicker"));
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    [Fact]
    public async Task Calls_beyond_the_per_connection_rate_are_refused_with_rate_limited()
    {
        _factory.Settings["RateLimits:HubCallsPerSecond"] = "2";
        await using var connection = Connect();
        await connection.StartAsync();

        var refusal = await Assert.ThrowsAsync<HubException>(async () =>
        {
            for (var i = 0; i < 20; i++)
                await connection.InvokeAsync<TickerMessage>("GetTicker");
        });

        Assert.Contains("rate_limited", refusal.Message);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    private HubConnection Connect() => MarketHubClient.Connect(_factory);
}
