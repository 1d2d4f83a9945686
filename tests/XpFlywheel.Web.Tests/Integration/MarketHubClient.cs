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
}
