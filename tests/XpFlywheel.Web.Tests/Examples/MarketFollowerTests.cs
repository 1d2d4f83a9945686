using System.Net.Http.Json;
using MarketFollowerExample;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
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

    private async Task<(MarketFollower Follower, StringWriter Output, HubConnection Connection)> FollowAsync()
    {
        var output = new StringWriter();
        var follower = new MarketFollower(_factory.CreateClient(), TextWriter.Synchronized(output));
        var connection = await follower.StartAsync(options =>
        {
            options.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
            options.Transports = HttpTransportType.LongPolling;
        });
        return (follower, output, connection);
    }

    [Fact]
    public async Task The_readme_example_follows_the_book_and_prints_trades()
    {
        var seller = await ApiClient.CreateAsync(_factory, "follow-seller@test.local", xp: 1_000);
        var buyer = await ApiClient.CreateAsync(_factory, "follow-buyer@test.local", dollars: 100);
        var (follower, output, connection) = await FollowAsync();
        await using var _ = connection;

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

    [Fact]
    public async Task AFollowerThatStartsFromARestSnapshotAndAppliesHubDeltasKeepsTheBookExact()
    {
        var services = _factory.Services;
        var trading = services.GetRequiredService<TradingService>();
        var operators = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var id = await Operators.CreateAsync(services, $"exact-{i}@test.local");
            await Operators.FundAsync(services, id, 10_000, 1_000_000);
            operators.Add(id);
        }
        // A first trade fixes the reference price, so the ±20% band is known to the random orders.
        await trading.PlaceAsync(operators[0], new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 10));
        await trading.PlaceAsync(operators[1], new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 10));
        var random = new Random(7);
        var resting = new List<(long Operator, long Order)>();

        // The follower joins while orders are flowing, so deltas from before and after its snapshot reach it.
        var early = TradeAsync(trading, operators, resting, random, 150);
        var (follower, _, connection) = await FollowAsync();
        await using var _ = connection;
        await early;
        await TradeAsync(trading, operators, resting, random, 250);

        // A last order on the best bid changes the top of the book: the follower's last delta then ends at REST's
        // sequence (a command that moves no top level sends no delta, so the follower could not know it happened).
        var visitor = _factory.CreateClient();
        var before = await visitor.GetFromJsonAsync<BookSnapshotMessage>("/api/v1/market/book?depth=1");
        var best = before!.Bids.Count > 0 ? before.Bids[0].Price : before.Asks.Count > 0 ? before.Asks[0].Price - 0.0001m : 0.0200m;
        Assert.True((await trading.PlaceAsync(operators[2], new PlaceOrderRequest(Side.Buy, OrderType.Limit, best, 1))).Succeeded);
        BookSnapshotMessage? rest = null;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            rest = await visitor.GetFromJsonAsync<BookSnapshotMessage>("/api/v1/market/book?depth=50");
            if (follower.Current.Sequence == rest!.Sequence)
                break;
            await Task.Delay(50);
        }
        var current = follower.Current;
        Assert.Equal(rest!.Sequence, current.Sequence);
        Assert.Equal(rest.Bids.Select(l => (l.Price, l.Quantity, l.Orders)), current.Bids.Select(l => (l.Price, l.Quantity, l.Orders)));
        Assert.Equal(rest.Asks.Select(l => (l.Price, l.Quantity, l.Orders)), current.Asks.Select(l => (l.Price, l.Quantity, l.Orders)));
        Assert.True(rest.Bids.Count > 0 && rest.Asks.Count > 0);
    }

    // Random limit and market orders, cancels and amends (price and quantity) from several operators, in concurrent bursts.
    private static async Task TradeAsync(TradingService trading, List<long> operators, List<(long Operator, long Order)> resting, Random random, int count)
    {
        for (var burst = 0; burst < count; burst += 10)
        {
            var work = new List<(long Owner, bool Placed, Task<TradeResult> Result)>();
            for (var i = 0; i < 10; i++)
            {
                var roll = random.Next(10);
                if (roll < 2 && resting.Count > 0)
                {
                    var (owner, order) = resting[random.Next(resting.Count)];
                    work.Add((owner, false, roll == 0
                        ? trading.CancelAsync(owner, order)
                        : trading.AmendAsync(owner, order, random.Next(2) == 0 ? random.Next(1, 300) : null, random.Next(2) == 0 ? Price() : null)));
                }
                else
                {
                    var who = operators[random.Next(operators.Count)];
                    var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                    var market = roll == 9;
                    work.Add((who, true, trading.PlaceAsync(who, new PlaceOrderRequest(side, market ? OrderType.Market : OrderType.Limit,
                        market ? null : Price(), random.Next(1, 400), market ? TimeInForce.Ioc : TimeInForce.Gtc))));
                }
            }
            foreach (var (owner, placed, result) in work)
            {
                if (placed && (await result).Outcome is { Accepted: true, RestingQuantity: > 0 } outcome)
                    resting.Add((owner, outcome.OrderId));
                else
                    await result;
            }
        }

        // Prices on 60 ticks around $0.0200: levels leave and enter the streamed top 50 of each side.
        decimal Price() => 0.0170m + random.Next(60) * 0.0001m;
    }
}
