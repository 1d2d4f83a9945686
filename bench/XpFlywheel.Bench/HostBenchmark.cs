using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Projection;

namespace XpFlywheel.Bench;

/// <summary>
/// Replays the same stream through the engine host: each command is a unit of work on the single writer, batches
/// are written to a SQLite file (WAL, full sync) in one transaction each, and a command counts as done when its
/// batch is durable. Up to <c>inFlight</c> commands are outstanding, as many clients would keep them.
/// </summary>
public static class HostBenchmark
{
    /// <param name="inFlight">Commands outstanding at once (the target is stated at 512).</param>
    /// <param name="replay">Also apply the run's journal again on a fresh database (at ~12,000 commands/s: skip it for
    /// very long runs).</param>
    public static async Task<HostBenchmarkResult> RunAsync(int commands, int operators, int seed, int inFlight = 512, bool replay = true)
    {
        var stream = CommandStream.Generate(commands, operators, seed);
        var folder = Directory.CreateTempSubdirectory("xpflywheel-bench-");
        var (services, host) = await StartAsync(Path.Combine(folder.FullName, "bench.db"), operators);

        var database = Path.Combine(folder.FullName, "bench.db");
        var bytesBefore = DiskBytes(database);
        var latencies = new long[commands];
        long maxLag = 0;
        var window = new Queue<(Task<OrderOutcome> Task, long Started, int Index)>(inFlight);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < commands; i++)
        {
            if (window.Count == inFlight)
            {
                await Complete(window.Dequeue(), latencies);
                if ((i & 1023) == 0)
                    maxLag = Math.Max(maxLag, host.Projection.Lag);
            }
            window.Enqueue((Submit(host, stream[i]), Stopwatch.GetTimestamp(), i));
        }
        while (window.Count > 0)
            await Complete(window.Dequeue(), latencies);
        var seconds = clock.Elapsed.TotalSeconds;
        var batches = host.BatchesCommitted;
        var lagAtEnd = host.Projection.Lag;
        // The projection's own pace: every result row of the run written, from the first command to the last row.
        await host.Projection.CaughtUpAsync();
        var projectedSeconds = clock.Elapsed.TotalSeconds;
        // What this process sent to storage (journal, WAL, checkpoints, result rows), as the kernel counts it.
        var bytesPerCommand = (DiskBytes(database) - bytesBefore) / (double)commands;

        // Replay: the run's journal applied again through the same handlers on a fresh database with the same
        // operators and funding, results written and journaled there (what a rebuild from the journal costs).
        List<Core.Commands.ExchangeCommand> journal = [];
        long journalRows;
        await using (var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            journalRows = await db.Journal.LongCountAsync();
            if (replay)
                journal = (await db.Journal.AsNoTracking().OrderBy(j => j.Sequence).Select(j => j.Command).ToListAsync()).Select(Core.Commands.CommandJson.Deserialize).ToList();
        }
        await ((IHostedService)host).StopAsync(CancellationToken.None);
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // Start: a new host on the same database, as a restarted process (migrations checked, the tables read at the
        // projection's checkpoint, the journal after it replayed) until it takes orders.
        var startClock = Stopwatch.StartNew();
        var restarted = Services(database);
        await restarted.MigrateDatabaseAsync();
        var restartedHost = restarted.GetRequiredService<ExchangeHost>();
        await ((IHostedService)restartedHost).StartAsync(CancellationToken.None);
        await restartedHost.Ready;
        var startSeconds = startClock.Elapsed.TotalSeconds;
        await ((IHostedService)restartedHost).StopAsync(CancellationToken.None);
        await restarted.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var databaseBytes = new[] { database, database + "-wal" }.Where(File.Exists).Sum(path => new FileInfo(path).Length);

        var replaySeconds = 0.0;
        if (replay)
        {
            var (replayServices, replayHost) = await StartAsync(Path.Combine(folder.FullName, "replay.db"), operators);
            var replayClock = Stopwatch.StartNew();
            await replayHost.ReplayAsync(journal);
            replaySeconds = replayClock.Elapsed.TotalSeconds;
            await ((IHostedService)replayHost).StopAsync(CancellationToken.None);
            await replayServices.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);

        Array.Sort(latencies);
        var millisPerTick = 1_000.0 / Stopwatch.Frequency;
        double At(double quantile) => latencies[(int)Math.Min(latencies.Length - 1, quantile * latencies.Length)] * millisPerTick;
        return new HostBenchmarkResult(commands, commands / seconds, (double)commands / batches, At(0.50), At(0.99), latencies[^1] * millisPerTick)
        {
            InFlight = inFlight, ProjectedCommandsPerSecond = commands / projectedSeconds, MaxProjectionLag = Math.Max(maxLag, lagAtEnd),
            ProjectionLagAtEnd = lagAtEnd, BytesPerCommand = bytesPerCommand, ReplayedCommandsPerSecond = replay ? journal.Count / replaySeconds : null,
            JournalRows = journalRows, StartSeconds = startSeconds, DatabaseBytes = databaseBytes,
        };
    }

    /// <summary>Sends one command of the stream as the app sends them: a typed command, journaled by the writer.</summary>
    internal static Task<OrderOutcome> Submit(ExchangeHost host, BenchCommand command)
    {
        var by = Core.Commands.Actor.Operator(command.OperatorId);
        var place = command.Place;
        return command.Kind == BenchCommandKind.Cancel
            ? host.SubmitAsync<OrderOutcome>(new Core.Commands.CancelOrder(command.OperatorId, command.OrderId) { By = by })
            : host.SubmitAsync<OrderOutcome>(new Core.Commands.SubmitOrder(place.OperatorId, place.Side, place.Type, place.LimitPrice.Ticks, place.Quantity.Units,
                place.TimeInForce, place.PostOnly, place.ClientOrderId) { By = by });
    }

    /// <summary>Funds every operator and sets the reference price (set-up work on the writer, not journaled).</summary>
    internal static Task FundAsync(ExchangeHost host, int operators) =>
        host.ExecuteAsync(session =>
        {
            for (long op = 1; op <= operators; op++)
            {
                session.Ledger.Deposit(op, CommandStream.CashPerOperator, 0);
                session.Ledger.Emit(op, CommandStream.XpPerOperator, PostingReason.Emission, 0);
            }
            return session.Engine.SetReferencePrice(new Core.Primitives.Price(CommandStream.StartTicks)).IsAccepted;
        });

    // A host on a new database with the bench's operators, each funded and the reference price set (test set-up work,
    // not journaled, so a replay starts from the same state).
    private static async Task<(ServiceProvider Services, ExchangeHost Host)> StartAsync(string database, int operators)
    {
        var services = Services(database);
        await services.MigrateDatabaseAsync();
        await CreateOperatorsAsync(services, operators);

        var host = services.GetRequiredService<ExchangeHost>();
        await ((IHostedService)host).StartAsync(CancellationToken.None);
        await host.Ready;
        await FundAsync(host, operators);
        return (services, host);
    }

    // The writer's services on one SQLite file, as the app registers them.
    private static ServiceProvider Services(string database) =>
        new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole())
            .AddDbContextFactory<AppDbContext>(options => DatabaseExtensions.ConfigureSqlite(options, $"Data Source={database}"))
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ExchangeFeed>()
            .AddSingleton(new ParameterBoard())
            .AddSingleton(ParameterDefaults.None)
            .AddSingleton(provider => new WriterDatabase(provider.GetRequiredService<IDbContextFactory<AppDbContext>>()))
            .AddSingleton<ProjectionProgress>()
            .AddSingleton<ExchangeHost>()
            .BuildServiceProvider();

    // Linux's count of bytes this process caused to be written to storage; elsewhere the database file and its WAL.
    private static long DiskBytes(string database)
    {
        if (File.Exists("/proc/self/io"))
        {
            foreach (var line in File.ReadLines("/proc/self/io"))
            {
                if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan("write_bytes:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return new[] { database, database + "-wal" }.Where(File.Exists).Sum(path => new FileInfo(path).Length);
    }

    private static async Task Complete((Task<OrderOutcome> Task, long Started, int Index) pending, long[] latencies)
    {
        await pending.Task;
        latencies[pending.Index] = Stopwatch.GetTimestamp() - pending.Started;
    }

    internal static async Task CreateOperatorsAsync(IServiceProvider services, int operators)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        for (var i = 1; i <= operators; i++)
        {
            var user = new ApplicationUser { UserName = $"bench{i}@bench.local", Email = $"bench{i}@bench.local" };
            db.Users.Add(user);
            db.Wallets.Add(new Wallet { UserId = user.Id });
        }
        await db.SaveChangesAsync();
    }
}
