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
