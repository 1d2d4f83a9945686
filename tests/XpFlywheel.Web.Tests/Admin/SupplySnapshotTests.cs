using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

/// <summary>The supply report adds balances from two tables: it must read both as of one moment.</summary>
public sealed class SupplySnapshotTests
{
    [SqliteFact]
    public async Task The_supply_report_reads_wallets_and_system_accounts_from_one_snapshot()
    {
        var moveBetweenReads = new MoveCashAfterWalletsAreRead();
        await using var app = new AppFactory
        {
            TestServices = services => services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(moveBetweenReads)),
        };
        var trader = await Api.ApiClient.CreateAsync(app, "supply@test.local", dollars: 50);
        var report = app.Services.GetRequiredService<SupplyReport>();
        Assert.Empty((await report.ComputeAsync()).Problems);

        // Another writer commits between the report's two reads: $1 goes back to its external source, which keeps every
        // total. A report that reads the two tables apart sees the dollar in neither place or in both.
        moveBetweenReads.Arm(app.DatabasePath, trader.OperatorId);
        var supply = await report.ComputeAsync();

        Assert.True(moveBetweenReads.Moved, "The move between the two reads did not happen.");
        Assert.Empty(supply.Problems);
    }

    private sealed class MoveCashAfterWalletsAreRead : DbCommandInterceptor
    {
        private string? _database;
        private long _operatorId;
        public bool Moved { get; private set; }

        public void Arm(string database, long operatorId)
        {
            _database = database;
            _operatorId = operatorId;
        }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            if (_database is { } database && command.CommandText.Contains("FROM \"Wallets\"", StringComparison.Ordinal)
                && command.CommandText.Contains("SUM", StringComparison.OrdinalIgnoreCase))
            {
                _database = null;
                await using var other = new SqliteConnection($"Data Source={database};Pooling=False");
                await other.OpenAsync(cancellationToken);
                await using var transaction = other.BeginTransaction();
                await using var move = other.CreateCommand();
                move.Transaction = transaction;
                move.CommandText = """
                    UPDATE "Wallets" SET "CashAvailable" = "CashAvailable" - 1000000 WHERE "Id" = $operator;
                    UPDATE "SystemAccounts" SET "Balance" = "Balance" + 1000000 WHERE "Kind" = $source AND "Asset" = $cash;
                    """;
                move.Parameters.AddWithValue("$operator", _operatorId);
                move.Parameters.AddWithValue("$source", (int)AccountKind.ExternalCash);
                move.Parameters.AddWithValue("$cash", (int)Asset.Cash);
                Moved = await move.ExecuteNonQueryAsync(cancellationToken) == 2;
                await transaction.CommitAsync(cancellationToken);
            }
            return result;
        }
    }
}
