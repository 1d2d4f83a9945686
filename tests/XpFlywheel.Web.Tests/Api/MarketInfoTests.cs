using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

public sealed class MarketInfoTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Market_info_publishes_the_trading_rules_live_band_fees_status_and_rate_limits()
    {
        _factory.Settings["RateLimits:ApiWeightPerMinute"] = "600";
        _factory.Settings["RateLimits:OrdersPer10Seconds"] = "7";
        var visitor = _factory.CreateClient();

        var before = await visitor.GetFromJsonAsync<JsonElement>("/api/v1/market/info");
        Assert.Equal("XP/USD", before.GetProperty("symbol").GetString());
        Assert.Equal("trading", before.GetProperty("status").GetString());
        Assert.Equal(0.0001m, before.GetProperty("tickSize").GetDecimal());
        Assert.Equal(1, before.GetProperty("lotSize").GetInt64());
        Assert.Equal((1L, 1_000_000_000L), (before.GetProperty("minQuantity").GetInt64(), before.GetProperty("maxQuantity").GetInt64()));
        Assert.Equal((0.0001m, 1_000_000_000_000m), (before.GetProperty("minNotional").GetDecimal(), before.GetProperty("maxNotional").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, before.GetProperty("priceBand").GetProperty("reference").ValueKind);
        Assert.Equal((0, 10), (before.GetProperty("fees").GetProperty("makerBps").GetInt32(), before.GetProperty("fees").GetProperty("takerBps").GetInt32()));
        var limits = before.GetProperty("rateLimits");
        Assert.Equal((600, 7), (limits.GetProperty("weightPerMinute").GetInt32(), limits.GetProperty("ordersPer10Seconds").GetInt32()));
        Assert.Equal(10, limits.GetProperty("weights").GetProperty("CancelAllOrders").GetInt32());

        var seller = await ApiClient.CreateAsync(_factory, "info-seller@test.local", xp: 100);
        var buyer = await ApiClient.CreateAsync(_factory, "info-buyer@test.local", dollars: 100);
        await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0250m, quantity = 10 });
        await buyer.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "market", quantity = 10 });
        var host = _factory.Services.GetRequiredService<ExchangeHost>();
        await host.SubmitAsync<Validated<ParameterSet>>(new SetMarketParameters(new MarketParameters(MakerFeeBps: 2, TakerFeeBps: 25, BandBps: 1_000))
        {
            By = Actor.Admin(AppFactory.AdminEmail),
        });
        await _factory.Services.GetRequiredService<TradingService>().HaltAsync(Actor.Admin(AppFactory.AdminEmail));

        var after = await visitor.GetFromJsonAsync<JsonElement>("/api/v1/market/info");
        var band = after.GetProperty("priceBand");
        Assert.Equal((1_000, 0.025m, 0.0225m, 0.0275m),
            (band.GetProperty("bps").GetInt32(), band.GetProperty("reference").GetDecimal(), band.GetProperty("low").GetDecimal(), band.GetProperty("high").GetDecimal()));
        Assert.Equal((2, 25, 0.0025m), (after.GetProperty("fees").GetProperty("makerBps").GetInt32(), after.GetProperty("fees").GetProperty("takerBps").GetInt32(),
            after.GetProperty("fees").GetProperty("takerRate").GetDecimal()));
        Assert.Equal("halted", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Server_time_is_the_clock_in_unix_milliseconds()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var time = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/time");

        var serverTime = time.GetProperty("serverTime").GetInt64();
        Assert.InRange(serverTime, before - 1_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1_000);
    }
}
