using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Operations;

public static class StartupExtensions
{
    /// <summary>
    /// The content root is the working directory (so <c>dotnet run</c> in a clone uses the clone's files), except
    /// when the app is started from its build output elsewhere: then its own folder, which holds appsettings.json.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var here = Directory.GetCurrentDirectory();
        var contentRoot = File.Exists(Path.Combine(here, "appsettings.json")) ? here : AppContext.BaseDirectory;
        return new WebApplicationOptions { Args = args, ContentRootPath = contentRoot };
    }

    /// <summary>
    /// Runs before the app takes requests: the writer lease first, so a second process on the same database stops
    /// here before it migrates or loads anything; then migrations (every start, so a second start keeps every row
    /// and only adds what is new), then the roles and the first admin. If any step fails the app is disposed
    /// before the error goes on, which writes out the log and gives the lease back.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        try
        {
            var node = app.Services.GetRequiredService<Cluster.ClusterNode>();
            var lease = app.Services.GetRequiredService<IWriterLease>();
            if (node.CanFollow && !await TryLeaseAsync(lease))
            {
                // Another node leads: follow it once its schema is this version's; while it is older (a rolling
                // upgrade), wait, and migrate once its lease ends and this node takes over.
                while (await HasPendingMigrationsAsync(app.Services))
                {
                    app.Logger.LogWarning("The database's schema is older than this version (its leader is migrating it, or runs an older version): waiting until it is current or the lease is free");
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    if (await TryLeaseAsync(lease))
                        break;
                }
                if (!lease.IsHeld)
                {
                    node.Follow();
                    return;
                }
            }
            await lease.AcquireAsync();
            await app.Services.MigrateDatabaseAsync();
            await app.Services.GetRequiredService<AdminBootstrap>().RunAsync();
        }
        catch (Exception error)
        {
            app.Logger.LogCritical(error, "Start-up stopped: {Reason}", error.Message);
            await app.DisposeAsync();
            throw;
        }
    }

    private static async Task<bool> TryLeaseAsync(IWriterLease lease)
    {
        try
        {
            await lease.AcquireAsync();
            return true;
        }
        catch (WriterLeaseUnavailableException)
        {
            return false;
        }
    }

    private static async Task<bool> HasPendingMigrationsAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<Projection.WriterDatabase>().Factory.CreateDbContextAsync();
        return (await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database)).Any();
    }
}
