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

    /// <summary>
    /// Calls the hub refuses before any method runs (a method it does not have, arguments that do not bind) count too:
    /// beyond the per-connection rate they are answered rate_limited, so a flood of bad calls is not a way around the
    /// budget. The connection stays open, and calls that reach a method keep their own budget.
    /// </summary>
    [Fact]
    public async Task Refused_calls_beyond_the_per_connection_rate_are_answered_rate_limited()
    {
        _factory.Settings["RateLimits:HubCallsPerSecond"] = "2";
        await using var connection = Connect();
        await connection.StartAsync();

        var answers = new List<string>();
        var loop = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => i % 2 == 0
                ? connection.InvokeAsync<object>("NoSuchMethod")
                : connection.InvokeAsync<TickerMessage>("GetTicker", "an argument it does not take"));
            answers.Add(refused.Message);
        }

        // SignalR words a refusal before the hub's own message: "Failed to invoke 'X' due to an error on the server. HubException: …".
        Assert.Contains("validation_failed", answers[0]);
        Assert.Contains(answers, a => a.Contains("rate_limited", StringComparison.Ordinal));
        // A burst of 4 (twice the rate), then 2 more each second the 20 calls took (a loaded machine may take several).
        var allowed = 4 + 2 * ((int)loop.Elapsed.TotalSeconds + 1);
        Assert.True(answers.Count(a => a.Contains("validation_failed", StringComparison.Ordinal)) <= allowed, $"at most {allowed} in {loop.Elapsed}: " + string.Join(" | ", answers));
        Assert.Equal(HubConnectionState.Connected, connection.State);
        Assert.NotNull(await connection.InvokeAsync<TickerMessage>("GetTicker"));
    }

    private HubConnection Connect() => MarketHubClient.Connect(_factory);
}
