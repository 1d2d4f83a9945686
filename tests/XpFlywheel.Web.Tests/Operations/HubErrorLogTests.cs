using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Operations;

/// <summary>A client's mistakes on a hub are answered to the client and are not server errors in the log.</summary>
public sealed class HubErrorLogTests : IDisposable
{
    private readonly LogCapture _logs = new();
    private readonly AppFactory _app = new() { Settings = { ["RateLimits:HubConnectionsPerIp"] = "1" } };
    private readonly WebApplicationFactory<Program> _factory;

    public HubErrorLogTests() =>
        _factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(_logs)));

    public void Dispose()
    {
        _factory.Dispose();
        _app.Dispose();
    }

    private HubConnection Connect() => MarketHubClient.Connect(_factory);

    [Fact]
    public async Task Refused_hub_calls_and_connections_are_not_logged_as_errors()
    {
        await using var connection = Connect();
        await connection.StartAsync();
        for (var i = 0; i < 5; i++)
            await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<string[]>("Subscribe", new[] { "orders" }));
        await using var second = Connect();
        // Over the address's cap (one): the server closes it as it connects.
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await second.StartAsync();
            await second.InvokeAsync<string[]>("Subscribe", Array.Empty<string>());
        });

        Assert.Equal(["book", "trades", "ticker", "candles"], await connection.InvokeAsync<string[]>("Subscribe", Array.Empty<string>()));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }
}
