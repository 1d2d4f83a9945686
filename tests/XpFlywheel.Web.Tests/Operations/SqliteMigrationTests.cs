using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Operations;

public sealed class SqliteMigrationTests
{
    [Fact]
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
}
