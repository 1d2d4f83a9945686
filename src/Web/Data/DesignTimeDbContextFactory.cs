using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace XpFlywheel.Web.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the app and its background services.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseExtensions.ConfigureSqlite(options, "Data Source=design-time.db");
        return new(options.Options);
    }
}

/// <summary>
/// The same for PostgreSQL's migrations (<c>--context PostgresAppDbContext</c>): adding a migration builds the model
/// only and never connects, so the connection string names no real server.
/// </summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DatabaseExtensions.ConfigurePostgres(options, "Host=localhost;Database=xpflywheel_design_time");
        return new(options.Options);
    }
}
