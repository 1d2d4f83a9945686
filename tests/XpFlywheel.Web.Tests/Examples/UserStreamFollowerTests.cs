using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using UserStreamExample;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Examples;

public sealed class UserStreamFollowerTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void Readme_shows_the_user_stream_example_exactly_as_compiled()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "XpFlywheel.Web.sln")))
            root = Path.GetDirectoryName(root)!;
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var example = File.ReadAllText(Path.Combine(root, "tests/XpFlywheel.Web.Tests/Examples/UserStreamFollower.cs")).ReplaceLineEndings("\n").Trim();

        Assert.Contains("```csharp\n" + example + "\n```", readme);
    }

    [Fact]
    public async Task The_readme_example_follows_its_own_orders_fills_and_wallet()
    {
        var seller = await ApiClient.CreateAsync(_factory, "stream-seller@test.local", xp: 1_000);
        var buyer = await ApiClient.CreateAsync(_factory, "stream-buyer@test.local", dollars: 100);
        var output = new StringWriter();
        var follower = new UserStreamFollower(_factory.Server.BaseAddress, seller.Key, TextWriter.Synchronized(output));
        await using var connection = await follower.StartAsync(options =>
        {
            options.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
            options.Transports = HttpTransportType.LongPolling;
        });

        // The snapshot is read on the writer and may arrive after Subscribe answers; orders placed before it would be in
        // the snapshot rather than in events (as they should), so the test waits for it.
        var snapshotDeadline = DateTime.UtcNow.AddSeconds(15);
        while (!output.ToString().Contains("snapshot:", StringComparison.Ordinal) && DateTime.UtcNow < snapshotDeadline)
            await Task.Delay(20);

        var trading = _factory.Services.GetRequiredService<TradingService>();
        var sell = (await trading.PlaceAsync(seller.OperatorId, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0300m, 500))).Outcome!.OrderId;
        await trading.PlaceAsync(buyer.OperatorId, new PlaceOrderRequest(Side.Buy, OrderType.Market, null, 200, TimeInForce.Ioc));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(follower.OpenOrders.TryGetValue(sell, out var open) && open.Remaining == 300 && follower.CurrentWallet?.XpHeld == 300) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(("sell", (decimal?)0.03m, 300L), follower.OpenOrders[sell]);
        Assert.Equal(500, follower.CurrentWallet!.XpAvailable);
        Assert.True(follower.CurrentWallet.CashAvailable > 0);
        Assert.Contains($"order {sell} partially_filled: 200 XP at $0.03", output.ToString());
        Assert.Contains("(maker)", output.ToString());
    }
}
