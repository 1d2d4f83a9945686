using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>
/// A placement's answer says what the placement did (as Binance's does): its order as the placement left it, beside
/// the fills listed in the same answer, even when a later command has filled it before the answer is written.
/// </summary>
public sealed class PlacementAnswerTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_placement_answers_its_order_as_the_placement_left_it_not_as_a_later_fill_did()
    {
        var maker = await ApiClient.CreateAsync(_factory, "placed-maker@test.local", xp: 1_000);
        var taker = await ApiClient.CreateAsync(_factory, "placed-taker@test.local", dollars: 100);
        var host = _factory.Services.GetRequiredService<ExchangeHost>();
        var trading = _factory.Services.GetRequiredService<TradingService>();

        // The key's first use is stamped (a write, at most once a minute); done now, not while the writer holds the database.
        Assert.Equal(HttpStatusCode.OK, (await maker.Http.GetAsync("/api/v1/wallet")).StatusCode);
        // The writer is held while the maker's placement and a taker's fill of it queue up, so both run in one batch,
        // the fill after the placement, before the placement's answer is written.
        using var gate = new ManualResetEventSlim();
        var held = host.ExecuteAsync(_ => gate.Wait(TimeSpan.FromSeconds(30)));
        await WaitAsync(() => host.QueueDepth == 0);
        var placement = maker.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", type = "limit", price = 0.0200m, quantity = 100 });
        await WaitAsync(() => host.QueueDepth >= 1);
        var fill = trading.PlaceAsync(taker.OperatorId, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 40, TimeInForce.Ioc, false, null));
        await WaitAsync(() => host.QueueDepth >= 2);
        gate.Set();
        await held;
        Assert.Equal(40, (await fill).Outcome!.FilledQuantity);

        var response = await placement;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var order = answer.GetProperty("order");
        Assert.Empty(answer.GetProperty("fills").EnumerateArray());
        Assert.Equal("open", order.GetProperty("status").GetString());
        Assert.Equal(0, order.GetProperty("filled").GetInt64());
        Assert.Equal(100, order.GetProperty("remaining").GetInt64());
        Assert.Equal(100, order.GetProperty("quantity").GetInt64());
        Assert.Equal(0m, order.GetProperty("cumulativeQuote").GetDecimal());

        // GET reads the order as it stands now: 40 filled by the later command.
        var now = await maker.Http.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order.GetProperty("id").GetInt64()}");
        Assert.Equal("partially_filled", now.GetProperty("status").GetString());
        Assert.Equal(40, now.GetProperty("filled").GetInt64());
        Assert.Equal(60, now.GetProperty("remaining").GetInt64());
    }

    /// <summary>A placement that trades at once answers its fills and the order they left, quote and fees included.</summary>
    [Fact]
    public async Task A_placement_that_trades_answers_the_quote_and_fees_of_its_own_fills()
    {
        var maker = await ApiClient.CreateAsync(_factory, "placed-maker2@test.local", xp: 1_000);
        var taker = await ApiClient.CreateAsync(_factory, "placed-taker2@test.local", dollars: 100);
        Assert.Equal(HttpStatusCode.Created, (await maker.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", type = "limit", price = 0.0200m, quantity = 30 })).StatusCode);

        var response = await taker.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 50, timeInForce = "ioc" });

        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var order = answer.GetProperty("order");
        var fill = Assert.Single(answer.GetProperty("fills").EnumerateArray());
        Assert.Equal("expired", order.GetProperty("status").GetString());
        Assert.Equal(30, order.GetProperty("filled").GetInt64());
        Assert.Equal(0, order.GetProperty("remaining").GetInt64());
        Assert.Equal(0.6m, order.GetProperty("cumulativeQuote").GetDecimal());
        Assert.Equal(fill.GetProperty("takerFee").GetDecimal(), order.GetProperty("feesPaid").GetDecimal());
        var stored = await taker.Http.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order.GetProperty("id").GetInt64()}");
        foreach (var field in new[] { "status", "filled", "remaining", "cumulativeQuote", "feesPaid", "averagePrice", "cancelReason", "price", "quantity" })
            Assert.Equal(stored.GetProperty(field).ToString(), order.GetProperty(field).ToString());
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition());
    }
}
