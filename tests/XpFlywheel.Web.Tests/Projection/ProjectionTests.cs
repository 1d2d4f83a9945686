using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
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

    [SqliteFact]
    public async Task A_repeat_answered_from_its_key_never_moves_the_checkpoint_back()
    {
        var seller = await Operators.CreateAsync(Services, "projection-repeat@test.local");
        await Operators.FundAsync(Services, seller, 0, 1_000);
        var host = Services.GetRequiredService<ExchangeHost>();
        var trading = Services.GetRequiredService<TradingService>();
        var order = new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 10);
        Assert.True((await trading.PlaceAsync(seller, order, idempotencyKey: "repeat-1")).Succeeded);
        await host.Projection.CaughtUpAsync();
        var before = host.JournalSequence;
        using (await host.HoldProjectionAsync())
        {
            // A batch of one repeat changes nothing; the deposit after it writes its own results and checkpoint.
            Assert.True((await trading.PlaceAsync(seller, order, idempotencyKey: "repeat-1")).Succeeded);
            Assert.Equal(before, host.JournalSequence);
            Assert.True((await trading.DepositAsync(seller, Cash.FromDollars(5))).Succeeded);
            Assert.Equal(before + 1, host.Projection.Projected);
        }
        await Task.Delay(200);
        Assert.Equal(before + 1, host.Projection.Projected);
        Assert.Equal(before + 1, await StoredCheckpointAsync(_factory.DatabasePath));
        var read = Task.Run(async () =>
        {
            await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            return await db.Wallets.Where(w => w.Id == seller).Select(w => w.CashAvailable).SingleAsync();
        });
        Assert.Equal(Cash.FromDollars(5).Micros, await read.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [SqliteFact]
    public async Task An_order_batch_that_fails_while_the_projection_lags_is_answered_and_the_writer_goes_on()
    {
        var seller = await Operators.CreateAsync(Services, "projection-failure@test.local");
        await Operators.FundAsync(Services, seller, 0, 1_000);
        var host = Services.GetRequiredService<ExchangeHost>();
        var trading = Services.GetRequiredService<TradingService>();
        await host.Projection.CaughtUpAsync();
        Task<TradeResult> failing;
        using (await host.HoldProjectionAsync())
        {
            Assert.True((await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 10))).Succeeded);
            Assert.Equal(1, host.Projection.Lag);
            // The next journal row fails to insert: the batch rolls back while the projection still owes a batch.
            await ExecuteAsync(_factory.DatabasePath,
                $"""CREATE TRIGGER refuse_next BEFORE INSERT ON "Journal" WHEN NEW."Sequence" = {host.JournalSequence + 1} BEGIN SELECT RAISE(ABORT, 'refused'); END;""");
            failing = trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0151m, 10));
            await Task.Delay(300);
        }
        Assert.True(await Task.WhenAny(failing, Task.Delay(TimeSpan.FromSeconds(10))) == failing, "the failed batch was never answered");
        var refused = await Record.ExceptionAsync(async () => Assert.False((await failing).Succeeded));
        Assert.True(failing.IsFaulted || refused is null);
        await ExecuteAsync(_factory.DatabasePath, """DROP TRIGGER refuse_next;""");

        var next = await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0152m, 10)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(next.Succeeded, next.ErrorMessage);
        await host.Projection.CaughtUpAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WriterState.Running, host.Status.State);
    }

    private static async Task<long> StoredCheckpointAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "ProjectedSequence" FROM "MarketState" """;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
