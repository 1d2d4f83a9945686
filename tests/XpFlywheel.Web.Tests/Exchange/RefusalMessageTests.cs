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
        Assert.Equal("The price is outside the ±5% band around the reference price.", refused.ErrorMessage);
        Assert.True(atTheEdge.Succeeded, atTheEdge.ErrorMessage);
    }

    [Theory]
    [InlineData(2_000, "±20%")]
    [InlineData(500, "±5%")]
    [InlineData(250, "±2.5%")]
    [InlineData(1, "±0.01%")]
    public void BandRefusalWritesTheBandAsAPercentage(int bandBps, string band) =>
        Assert.Contains($"outside the {band} band", RejectMessages.For(RejectReason.PriceOutsideBand, bandBps));
}
