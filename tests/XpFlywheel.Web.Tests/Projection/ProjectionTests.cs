using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Projection;

/// <summary>
/// Trading results (orders, trades, postings, balances) are written behind the journal; whoever reads them is handed
/// the tables once they hold every command answered before the read, and health reports a projection that lags.
/// </summary>
public sealed class ProjectionTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private IServiceProvider Services => _factory.Services;

    [Fact]
    public async Task A_read_after_an_answer_waits_for_the_result_tables_to_hold_it()
    {
        var seller = await Operators.CreateAsync(Services, "projection-seller@test.local");
        await Operators.FundAsync(Services, seller, 0, 1_000);
        var host = Services.GetRequiredService<ExchangeHost>();
        var trading = Services.GetRequiredService<TradingService>();
        var factory = Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await host.Projection.CaughtUpAsync();

        Task<int> read;
        TradeResult placed;
        using (await host.HoldProjectionAsync())
        {
            placed = await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 500));
            Assert.True(placed.Succeeded, placed.ErrorMessage);
            Assert.True(host.Projection.Lag > 0);
            read = Task.Run(async () =>
            {
                await using var db = await factory.CreateDbContextAsync();
                return await db.Orders.CountAsync(o => o.Id == placed.Outcome!.OrderId && o.Status == OrderStatus.Open);
            });
            await Task.Delay(300);
            Assert.False(read.IsCompleted, "the read was handed the tables before they held the answered order");
        }
        Assert.Equal(1, await read.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, host.Projection.Lag);
    }

    [Fact]
    public async Task Health_is_degraded_while_the_result_tables_lag_past_the_limit()
    {
        var seller = await Operators.CreateAsync(Services, "projection-lag@test.local");
        await Operators.FundAsync(Services, seller, 0, 1_000);
        var host = Services.GetRequiredService<ExchangeHost>();
        var check = new ExchangeHealthCheck(host, Services.GetRequiredService<IWriterLease>(),
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Exchange:ProjectionLagLimit"] = "00:00:00.200" }).Build());
        var context = new HealthCheckContext();
        await host.Projection.CaughtUpAsync();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);

        using (await host.HoldProjectionAsync())
        {
            var placed = await Services.GetRequiredService<TradingService>()
                .PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 100));
            Assert.True(placed.Succeeded, placed.ErrorMessage);
            await Task.Delay(500);
            var lagging = await check.CheckHealthAsync(context);
            Assert.Equal(HealthStatus.Degraded, lagging.Status);
            Assert.Contains("behind the journal", lagging.Description);
        }
        await host.Projection.CaughtUpAsync();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);
    }
}
