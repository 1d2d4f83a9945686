using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;
using XpFlywheel.Web.Tests.Streams;

namespace XpFlywheel.Web.Tests.RateLimits;

/// <summary>
/// The private user stream is guarded as the market hub is: a cap on open connections per address and a call rate
/// per connection (every Subscribe may read a snapshot on the exchange's writer), counted apart from the market hub's.
/// </summary>
public sealed class UserHubLimitTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task User_stream_connections_beyond_the_per_address_cap_are_refused_with_rate_limited()
    {
        _factory.Settings["RateLimits:HubConnectionsPerIp"] = "2";
        var trader = await ApiClient.CreateAsync(_factory, "user-hub-cap@test.local");
        // The market hub's connections do not count against the user stream's.
        await using var market = MarketHubClient.Connect(_factory);
        await market.StartAsync();
        await using var first = UserStreamRecorder.Build(_factory, trader.Key);
        await using var second = UserStreamRecorder.Build(_factory, trader.Key);
        await first.StartAsync();
        await second.StartAsync();

        await using var third = UserStreamRecorder.Build(_factory, trader.Key);
        var error = await MarketHubClient.RefusedAsync(third);

        Assert.Contains("rate_limited: at most 2 user stream connections per address", error?.Message ?? "");
        Assert.Equal(HubConnectionState.Connected, second.State);
    }

    [Fact]
    public async Task User_stream_calls_beyond_the_per_connection_rate_are_refused_and_the_connection_stays()
    {
        _factory.Settings["RateLimits:HubCallsPerSecond"] = "2";
        var trader = await ApiClient.CreateAsync(_factory, "user-hub-rate@test.local");
        await using var connection = UserStreamRecorder.Build(_factory, trader.Key);
        await connection.StartAsync();

        var refusal = await Assert.ThrowsAsync<HubException>(async () =>
        {
            for (var i = 0; i < 20; i++)
                await connection.InvokeAsync("Subscribe", (long?)null);
        });

        Assert.Contains("rate_limited", refusal.Message);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }
}
