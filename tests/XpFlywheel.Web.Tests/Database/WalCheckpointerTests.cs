using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Database;

public class WalCheckpointerTests
{
    [SqliteFact]
    public async Task Commits_leave_checkpoints_to_the_background_checkpointer_which_copies_the_wal_into_the_database()
    {
        await using var factory = new AppFactory();
        var services = factory.Services;
        await services.GetRequiredService<ExchangeHost>().Ready;

        // The app's connections leave checkpoints to the background service.
        await using (var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint;";
            Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }

        // Commits leave their pages in the WAL; only a checkpoint copies them into the database file. With automatic
        // checkpoints off, the file grows only because the background service checkpoints.
        var trading = services.GetRequiredService<TradingService>();
        var operators = new List<long>();
        for (var i = 0; i < 4; i++)
            operators.Add(await Operators.CreateAsync(services, $"wal-{i}@test.local"));
        await Task.Delay(WalCheckpointer.Interval * 4);
        var before = new FileInfo(factory.DatabasePath).Length;
        for (var i = 0; i < 2_000; i++)
            await trading.DepositAsync(operators[i % operators.Count], Core.Primitives.Cash.FromDollars(1 + i % 50));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (new FileInfo(factory.DatabasePath).Length < before + 256 * 1024 && DateTime.UtcNow < deadline)
            await Task.Delay(WalCheckpointer.Interval);
        Assert.True(WalCheckpointer.Running);
        Assert.True(new FileInfo(factory.DatabasePath).Length >= before + 256 * 1024,
            $"the database file stayed at {new FileInfo(factory.DatabasePath).Length:N0} bytes (from {before:N0}): nothing was checkpointed");
    }
}
