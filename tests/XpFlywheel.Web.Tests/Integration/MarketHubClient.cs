using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Web.Tests.Integration;

/// <summary>A market hub client of the app in the test server (long polling through the server's own handler), not started.</summary>
public static class MarketHubClient
{
    public static HubConnection Connect(WebApplicationFactory<Program> factory) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, MarketHub.Path), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            })
            .Build();

    /// <summary>
    /// Starts <paramref name="connection"/> expecting the server to refuse it, and returns the error it was closed
    /// with (null when closed without one); times out after 10 s if it stays open.
    /// </summary>
    public static async Task<Exception?> RefusedAsync(HubConnection connection)
    {
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error => { closed.TrySetResult(error); return Task.CompletedTask; };
        try
        {
            await connection.StartAsync();
        }
        catch (Exception refused)
        {
            closed.TrySetResult(refused);
        }
        return await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
