using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Exchange;

// Its own app: the band and the reference price are global state.
public sealed class RefusalMessageTests : IAsyncLifetime
{
    private readonly AppFactory _factory = new();

    public Task InitializeAsync() => _factory.Services.GetRequiredService<ExchangeHost>().Ready;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task BandRefusalNamesTheCurrentBand()
    {
        var services = _factory.Services;
        var host = services.GetRequiredService<ExchangeHost>();
        var buyer = await Operators.CreateAsync(services, "band-buyer@test.local");
        await Operators.FundAsync(services, buyer, 100, 0);
        await host.ExecuteAsync(session => ParameterChanges.SetMarket(session, MarketParameters.Default with { BandBps = 500 }, "admin@test.local"));
        await host.ExecuteAsync(session => session.Engine.SetReferencePrice(Price.FromDollars(0.0200m)).IsAccepted);
        var trading = services.GetRequiredService<TradingService>();

        // 10% above the reference: inside the default ±20% band, outside ±5%; 5% above is on the edge and rests.
        var refused = await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0220m, 10));
        var atTheEdge = await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0210m, 10));

        Assert.Equal(RejectReason.PriceOutsideBand, refused.Outcome!.RejectReason);
        Assert.Equal("The price is outside the ±5% band around the reference price $0.0200: limit prices from $0.0190 to $0.0210 are accepted.",
            refused.ErrorMessage);
        Assert.True(atTheEdge.Succeeded, atTheEdge.ErrorMessage);
    }

    [Fact]
    public void BandRefusalNamesTheAcceptedRangeAsTheEngineRoundsIt()
    {
        // ±20% of 123 ticks is 24.6 ticks, rounded down to 24 as the engine does: 0.0099 to 0.0147 (not 0.0098 to 0.0148).
        Assert.EndsWith("reference price $0.0123: limit prices from $0.0099 to $0.0147 are accepted.",
            RejectMessages.For(RejectReason.PriceOutsideBand, 2_000, 123));
        // Never below one tick.
        Assert.EndsWith("limit prices from $0.0001 to $0.0002 are accepted.", RejectMessages.For(RejectReason.PriceOutsideBand, 10_000, 1));
        // Unknown centre: the band alone.
        Assert.Equal("The price is outside the ±20% band around the reference price.", RejectMessages.For(RejectReason.PriceOutsideBand, 2_000));
    }

    [Fact]
    public async Task AmendOutsideTheBandNamesTheAcceptedRange()
    {
        var services = _factory.Services;
        var host = services.GetRequiredService<ExchangeHost>();
        var seller = await Operators.CreateAsync(services, "band-amender@test.local");
        await Operators.FundAsync(services, seller, 0, 100);
        await host.ExecuteAsync(session => session.Engine.SetReferencePrice(Price.FromDollars(0.0100m)).IsAccepted);
        var trading = services.GetRequiredService<TradingService>();
        var placed = await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0110m, 10));
        Assert.True(placed.Succeeded, placed.ErrorMessage);

        var refused = await trading.AmendAsync(seller, placed.Outcome!.OrderId, null, 0.0200m);

        Assert.Equal(RejectReason.PriceOutsideBand, refused.Outcome!.RejectReason);
        Assert.EndsWith("reference price $0.0100: limit prices from $0.0080 to $0.0120 are accepted.", refused.ErrorMessage);
    }

    [Theory]
    [InlineData(2_000, "±20%")]
    [InlineData(500, "±5%")]
    [InlineData(250, "±2.5%")]
    [InlineData(1, "±0.01%")]
    public void BandRefusalWritesTheBandAsAPercentage(int bandBps, string band) =>
        Assert.Contains($"outside the {band} band", RejectMessages.For(RejectReason.PriceOutsideBand, bandBps));
}
