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

    /// <summary>The configuration key the earning cost per XP was once read from; a start that finds it set warns.</summary>
    public const string RemovedEarningCostKey = "Market:EarningCostPerXp";

    /// <summary>
    /// Runs before the app takes requests: the writer lease first, so a second process on the same database stops
    /// here before it migrates or loads anything; then migrations (every start, so a second start keeps every row
    /// and only adds what is new), then the roles and the first admin. If any step fails the app is disposed
    /// before the error goes on, which writes out the log and gives the lease back.
    /// </summary>
    /// <remarks>
    /// A database that does not answer yet (a server still starting beside the app, or restarting) is waited for, a
    /// warning every try, for up to <c>Database:StartWait</c> (30 s); after that, or on any other failure, the start
    /// stops with a critical log entry (the caller exits with code 4 when the database never answered).
    /// </remarks>
    public static async Task PrepareAsync(this WebApplication app)
    {
        // The earning cost per XP was read from configuration; it is a market parameter now, stored and audited. A
        // deployment that still sets the old key is told so, rather than finding the chart's floor back at $0.01.
        if (app.Configuration[RemovedEarningCostKey] is { Length: > 0 } earningCost)
            app.Logger.LogWarning("{Key} = {Value} is no longer read: the earning cost per XP is a market parameter, set on /admin/parameters (default $0.01)",
                RemovedEarningCostKey, earningCost);
        var patience = app.Configuration.GetValue("Database:StartWait", TimeSpan.FromSeconds(30));
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        IWriterLease? lease = null;
        while (true)
        {
            try
            {
                lease ??= app.Services.GetRequiredService<IWriterLease>();
                await PrepareOnceAsync(app, lease);
                return;
            }
            catch (Exception error) when (lease is { IsHeld: false } && Unreachable(error) && waiting.Elapsed < patience)
            {
                app.Logger.LogWarning("The database does not answer ({Reason}); trying again for up to {Seconds:0} s more",
                    error.Message, (patience - waiting.Elapsed).TotalSeconds);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            catch (Exception error)
            {
                // A setting to change, a database that answered with an error (no such database or role, a refused
                // password), or another process holding the writer, is said in one line; anything else keeps its
                // stack trace for whoever investigates.
                if (error is StartupConfigurationException or System.Data.Common.DbException or Data.WriterLeaseUnavailableException
                    || Unreachable(error))
                {
                    app.Logger.LogCritical("Start-up stopped: {Reason}", error.Message);
                    app.Logger.LogDebug(error, "Start-up stopped");
                }
                else
                {
                    app.Logger.LogCritical(error, "Start-up stopped: {Reason}", error.Message);
                }
                await app.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>A connection that could not be made or was cut, as opposed to a database that answered with an error.</summary>
    internal static bool Unreachable(Exception error) => error switch
    {
        Npgsql.NpgsqlException { IsTransient: true } => true,
        System.Net.Sockets.SocketException or TimeoutException => true,
        { InnerException: { } inner } => Unreachable(inner),
        _ => false,
    };

    private static async Task PrepareOnceAsync(WebApplication app, IWriterLease lease)
    {
        var node = app.Services.GetRequiredService<Cluster.ClusterNode>();
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
