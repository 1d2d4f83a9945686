using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

/// <summary>Calls whose arguments do not bind to the method: each fails alone with a reason, the connection stays open.</summary>
public sealed class MarketHubArgumentTests : IClassFixture<AppFactory>
{
    private readonly AppFactory _factory;

    public MarketHubArgumentTests(AppFactory factory) => _factory = factory;

    [Theory]
    [InlineData("GetRecentTrades", new object?[] { 10, 20 }, "GetRecentTrades takes 1 argument (a whole number or null); 2 were sent.")]
    [InlineData("GetTicker", new object?[] { 1 }, "GetTicker takes no arguments; 1 was sent.")]
    [InlineData("GetCandles", new object?[] { "1m" }, "GetCandles takes 2 arguments (a string, a whole number or null); 1 was sent.")]
    [InlineData("Subscribe", new object?[] { }, "Subscribe takes 1 argument (a list of strings or null); none was sent.")]
    [InlineData("Subscribe", new object?[] { "book" }, "Subscribe takes 1 argument (a list of strings or null); an argument is not of its type.")]
    [InlineData("GetCandles", new object?[] { 5, null }, "GetCandles takes 2 arguments (a string, a whole number or null); an argument is not of its type.")]
    public async Task A_market_hub_call_whose_arguments_do_not_bind_is_refused_as_validation_failed_naming_the_parameters(
        string method, object?[] arguments, string reason)
    {
        await using var connection = await ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeCoreAsync(method, typeof(object), arguments));

        Assert.EndsWith($"HubException: validation_failed: {reason}", error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, connection.State);
        Assert.NotNull(await connection.InvokeAsync<TickerMessage>("GetTicker"));
    }

    [Fact]
    public async Task A_call_to_a_method_the_market_hub_does_not_have_is_refused_as_validation_failed_naming_it()
    {
        await using var connection = await ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("PlaceOrder", 1));

        Assert.EndsWith("HubException: validation_failed: this hub has no method PlaceOrder.", error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    private async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, MarketHub.Path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                options.WebSocketFactory = async (context, cancellationToken) =>
                    await _factory.Server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
