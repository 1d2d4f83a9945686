using System.Net.Http.Json;
using MarketFollowerExample;
using Microsoft.AspNetCore.Http.Connections;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Examples;

public sealed class MarketFollowerTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void Readme_shows_the_market_follower_example_exactly_as_compiled()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "XpFlywheel.Web.sln")))
            root = Path.GetDirectoryName(root)!;
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var example = File.ReadAllText(Path.Combine(root, "tests/XpFlywheel.Web.Tests/Examples/MarketFollower.cs")).ReplaceLineEndings("\n").Trim();

        Assert.Contains("```csharp\n" + example + "\n```", readme);
    }

    [Fact]
    public async Task The_readme_example_follows_the_book_and_prints_trades()
    {
        var seller = await ApiClient.CreateAsync(_factory, "follow-seller@test.local", xp: 1_000);
        var buyer = await ApiClient.CreateAsync(_factory, "follow-buyer@test.local", dollars: 100);
        var output = new StringWriter();
        var follower = new MarketFollower(TextWriter.Synchronized(output));
        await using var connection = await follower.StartAsync(_factory.Server.BaseAddress.ToString().TrimEnd('/'), options =>
        {
            options.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
            options.Transports = HttpTransportType.LongPolling;
        });

        await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0300m, quantity = 500 });
        await buyer.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0290m, quantity = 100 });
        await buyer.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "market", quantity = 50 });

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(output.ToString().Contains("50 XP at $0.03") && follower.BestBid == 0.029m && follower.BestAsk == 0.03m) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Contains("50 XP at $0.03", output.ToString());
        Assert.Equal(0.029m, follower.BestBid);
        Assert.Equal(0.03m, follower.BestAsk);
    }
}
