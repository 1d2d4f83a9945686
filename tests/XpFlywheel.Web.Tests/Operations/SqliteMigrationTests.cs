using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Operations;

public sealed class SqliteMigrationTests
{
    [SqliteFact]
    public async Task On_sqlite_the_model_matches_its_own_migrations_and_every_one_applies()
    {
        await using var app = new AppFactory();
        await WriterHealth.WaitUntilHealthyAsync(app.CreateClient());

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(typeof(AppDbContext), db.GetType());
        Assert.True(db.Database.IsSqlite());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no SQLite migration carries: run ./scripts/add-migration.sh.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(1L, await db.WriterFence.Select(f => f.Token).SingleAsync());
    }

    [Fact]
    public async Task Upgrading_a_database_sums_its_existing_jobs_into_daily_operator_volumes()
    {
        var folder = Directory.CreateTempSubdirectory("xpflywheel-upgrade-");
        try
        {
            var options = new DbContextOptionsBuilder<AppDbContext>()
                .UseSqlite($"Data Source={Path.Combine(folder.FullName, "app.db")};Pooling=False").Options;
            await using (var db = new AppDbContext(options))
            {
                var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
                var before = db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_OperatorVolumeDays", StringComparison.Ordinal)).Last();
                await migrator.MigrateAsync(before);
                await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF");
                // Jobs as the app stored them before the table existed: two days, a failure and self-dealing among them.
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO "Jobs" ("ClientAgentId","ProviderAgentId","ClientOperatorId","ProviderOperatorId","Amount","Fee","FeeTier","Succeeded","SelfDealing","At","Standing","Held")
                    VALUES (1, 2, 10, 20, 1000000, 0, 'Basic', 1, 0, '2026-11-29 08:00:00', 0, 0),
                           (1, 2, 10, 20, 2000000, 0, 'Basic', 1, 0, '2026-11-29 23:59:59.9999999', 0, 0),
                           (1, 2, 10, 20, 4000000, 0, 'Basic', 1, 0, '2026-11-30 00:00:00', 0, 0),
                           (1, 2, 10, 20, 8000000, 0, 'Basic', 0, 0, '2026-11-30 01:00:00', 0, 0),
                           (3, 2, 20, 20, 16000000, 0, 'Basic', 1, 1, '2026-11-30 02:00:00', 0, 0)
                    """);
                await migrator.MigrateAsync();
            }
            await using (var db = new AppDbContext(options))
            {
                var days = await db.OperatorVolumeDays.OrderBy(d => d.Day).Select(d => new { d.OperatorId, d.Day, d.Volume, d.Jobs }).ToListAsync();
                Assert.Equal(
                    [new { OperatorId = 20L, Day = new DateTime(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc), Volume = 3_000_000L, Jobs = 2 },
                     new { OperatorId = 20L, Day = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc), Volume = 4_000_000L, Jobs = 1 }],
                    days);
                var trailing = await XpFlywheel.Web.Economy.OperatorVolumes.TrailingAsync(db, new DateTime(2026, 12, 29, 12, 0, 0, DateTimeKind.Utc), default);
                Assert.Equal([(20L, 6_000_000L, 2)], trailing); // 4 whole on the 30th, 2 on the partial 29th (after 12:00)
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
