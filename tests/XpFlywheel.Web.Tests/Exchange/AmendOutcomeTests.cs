using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Exchange;

/// <summary>An amend that crosses is told, by the engine's own outcome, what it filled and which own order self-trade prevention cancelled.</summary>
public sealed class AmendOutcomeTests : IAsyncLifetime
{
    private readonly AppFactory _factory = new();

    public Task InitializeAsync() => _factory.Services.GetRequiredService<ExchangeHost>().Ready;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task An_amend_that_crosses_reports_its_fills_and_the_own_orders_self_trade_prevention_cancelled()
    {
        var services = _factory.Services;
        var trader = await Operators.CreateAsync(services, "amend-stp@test.local");
        var other = await Operators.CreateAsync(services, "amend-other@test.local");
        await Operators.FundAsync(services, trader, 100, 1_000);
        await Operators.FundAsync(services, other, 100, 1_000);
        var trading = services.GetRequiredService<TradingService>();
        var ownAsk = (await trading.PlaceAsync(trader, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0210m, 500))).Outcome!.OrderId;
        await (trading.PlaceAsync(other, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0205m, 100)));
        var bid = (await trading.PlaceAsync(trader, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 300))).Outcome!.OrderId;

        // Up to 0.0210: takes the other operator's 100 at 0.0205, then meets its own ask, which is cancelled (the default mode).
        var amended = await trading.AmendAsync(trader, bid, null, 0.0210m);

        Assert.True(amended.Succeeded, amended.ErrorMessage);
        var outcome = amended.Outcome!;
        Assert.Equal(100, outcome.FilledQuantity);
        Assert.Equal(200, outcome.RestingQuantity);
        var cancelled = Assert.Single(outcome.Cancelled);
        Assert.Equal((ownAsk, CancelReason.SelfTradePrevention, 500L), (cancelled.OrderId, cancelled.Reason, cancelled.Remaining.Units));
        Assert.Equal($"Order #{bid} amended: 100 XP filled at avg $0.0205 ($2.05 plus a taker fee of $0.00205), 200 XP resting. Self-trade prevention cancelled your order #{ownAsk} (500 XP at $0.0210): it would have traded with this one.",
            OrderOutcomeText.Amended(outcome));
    }
}
