using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Bench;

/// <summary>
/// The read side at scale: the whole app on Kestrel (fresh SQLite file, demo off) with <c>operators</c> operators,
/// <c>agents</c> agents and <c>jobs</c> jobs in the open epoch written straight into its tables by SQL (what pages and
/// the close do with that much data), or with <c>viaCommands</c> recorded through the writer's commands
/// (<see cref="ScalePopulation"/>: the journal and tallies are real, and the restart after it is timed). Measures the
/// epoch preview (time, bytes allocated, managed heap), first HTML of /epochs and /leaderboard, the current-epoch and
/// leaderboard APIs, <c>tabs</c> browser tabs left open on those pages for a minute while jobs arrive (CPU and memory,
/// <see cref="ScaleTabs"/>; 0 skips them), and the epoch close with orders placed throughout (the longest an order waited).
/// </summary>
public static class ScaleBenchmark
{
    public static async Task RunAsync(int operators, int agents, int jobs, TextWriter output, int tabs = 10, bool viaCommands = false, int linesPerPart = 500)
    {
        var port = FanOutBenchmark.FreePort();
        var folder = Directory.CreateTempSubdirectory("xpflywheel-scale-");
        var databasePath = Path.Combine(folder.FullName, "app.db");
        var app = await StartAsync(folder.FullName, port);
        try
        {
            if (viaCommands)
            {
                output.WriteLine($"Scale: {operators:N0} operators, {agents:N0} agents, {jobs:N0} jobs in the open epoch, through commands:");
                await ScalePopulation.RunAsync(app.Services, databasePath, operators, agents, jobs, output);
                // The start after it: the same database, a new process's worth of state (tables at their checkpoint,
                // then the journal after it).
                await app.DisposeAsync();
                var restart = Stopwatch.StartNew();
                app = await StartAsync(folder.FullName, port);
                var start = app.Services.GetRequiredService<ExchangeHost>().Start;
                output.WriteLine($"  restart on that database: ready in {restart.Elapsed.TotalSeconds:F2} s (the writer's start {start?.Duration.TotalSeconds:F2} s, "
                    + $"journal at {start?.JournalSequence:N0}, {start?.Replayed:N0} commands replayed)");
            }
            else
            {
                DateTime startsAt;
                await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
                    startsAt = await db.Epochs.Where(e => e.Status == EpochStatus.Open).Select(e => e.StartsAt).SingleAsync();
                var populate = Stopwatch.StartNew();
                await PopulateAsync(databasePath, operators, agents, jobs, startsAt.AddMilliseconds(1));
                output.WriteLine($"Scale: {operators:N0} operators, {agents:N0} agents, {jobs:N0} jobs in the open epoch (written by SQL in {populate.Elapsed.TotalSeconds:F1} s)");
            }
            await MeasureAsync(app.Services, port, output, tabs, linesPerPart);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<BenchApp> StartAsync(string folder, int port)
    {
        var app = new BenchApp(folder, 10);
        app.UseKestrel(port);
        app.StartServer();
        await app.Services.GetRequiredService<ExchangeHost>().Ready;
        await app.Services.GetRequiredService<EpochService>().Started;
        return app;
    }

    private static async Task MeasureAsync(IServiceProvider services, int port, TextWriter output, int tabs, int linesPerPart)
    {
        var epochs = services.GetRequiredService<EpochService>();
        epochs.LinesPerPart = linesPerPart;
        var reader = services.GetRequiredService<EpochReader>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
        // The app's very first page pays for compiling the page pipeline; a visit to / takes that out of the figures.
        using (var warmUp = await http.GetAsync("/"))
            await warmUp.Content.ReadAsByteArrayAsync();
        // The first visit before any preview exists: the page answers with the card loading and starts the preview.
        foreach (var path in new[] { "/epochs" })
        {
            var coldPage = Stopwatch.StartNew();
            using var coldResponse = await http.GetAsync(path);
            await coldResponse.Content.ReadAsByteArrayAsync();
            output.WriteLine($"  GET {path,-28} cold (no preview computed yet) {coldPage.Elapsed.TotalMilliseconds,7:F0} ms, status {(int)coldResponse.StatusCode}");
            await reader.CurrentAsync();
            // A change to the epoch's inputs (an empty exclusion list) makes the next preview a fresh one.
            await services.GetRequiredService<RingService>().SetExclusionsAsync("admin@bench.local", 1, []);
        }
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var preview = Stopwatch.StartNew();
        var current = await reader.CurrentAsync() ?? throw new InvalidOperationException("No open epoch.");
        var previewTime = preview.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: false);
        output.WriteLine($"  epoch preview (cold)   {previewTime.TotalMilliseconds,9:F0} ms   allocated {allocated / 1_048_576.0:F0} MB, heap {heapBefore / 1_048_576.0:F0} → {heapAfter / 1_048_576.0:F0} MB, {current.Preview.Agents.Count:N0} agents scored, {current.EligibleAgents:N0} eligible");

        foreach (var path in new[] { "/epochs", "/leaderboard", "/api/v1/epochs/current", "/api/v1/leaderboard?size=25" })
        {
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                    output.WriteLine($"  {path} answered {(int)response.StatusCode}");
            }
            output.WriteLine($"  GET {path,-28} first {times[0],7:F0} ms, then median {times.Skip(1).Order().ElementAt(1),7:F0} ms");
        }

        if (tabs > 0)
            await ScaleTabs.RunAsync(services, $"http://127.0.0.1:{port}", output, tabs);

        // The close, with one order every 10 ms from a funded operator: how long the close kept the writer.
        var trading = services.GetRequiredService<TradingService>();
        long trader;
        await using (var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            trader = await db.Wallets.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync();
        await trading.DepositAsync(trader, Cash.FromDollars(1_000));
        using var stop = new CancellationTokenSource();
        var waits = new List<double>();
        var started = new List<double>();
        var paused = new List<double>();
        var clock = Stopwatch.StartNew();
        var ordering = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                var at = clock.Elapsed.TotalMilliseconds;
                var gcBefore = GC.GetTotalPauseDuration();
                await trading.PlaceAsync(trader, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0100m, 1));
                waits.Add(watch.Elapsed.TotalMilliseconds);
                started.Add(at);
                paused.Add((GC.GetTotalPauseDuration() - gcBefore).TotalMilliseconds);
                await Task.Delay(10);
            }
        });
        await Task.Delay(200);
        var closeStart = clock.Elapsed.TotalMilliseconds;
        var close = Stopwatch.StartNew();
        var outcome = await epochs.CloseNowAsync("admin@bench.local");
        var closeTime = close.Elapsed;
        await Task.Delay(200);
        await stop.CancelAsync();
        await ordering;
        if (epochs.LastCloseByParts is { } phases)
            output.WriteLine($"  close by parts         {phases.Lines:N0} lines, {linesPerPart:N0} a part: scored {phases.Scoring.TotalMilliseconds:F0} ms, staged {phases.Staging.TotalMilliseconds:F0} ms, closed {phases.Closing.TotalMilliseconds:F0} ms, paid {phases.Paying.TotalMilliseconds:F0} ms");
        var longest = waits.Select((w, i) => (Wait: w, At: started[i] - closeStart, Gc: paused[i])).OrderByDescending(x => x.Wait).Take(5);
        output.WriteLine($"  longest order waits    {string.Join(", ", longest.Select(x => $"{x.Wait:F0} ms at {x.At / 1000:F2} s (GC {x.Gc:F0} ms)"))} (from the close's start)");
        var sorted = waits.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        output.WriteLine($"  epoch close            {closeTime.TotalMilliseconds,9:F0} ms   {outcome.Status}, {outcome.AgentsPaid:N0} agents paid, pool {outcome.Pool:N0} = allocated {outcome.Allocated:N0} + carried {outcome.CarryOver:N0}; longest order meanwhile {Percentile(1):F0} ms");
        output.WriteLine($"  orders during close    {sorted.Length,9:N0}      wait p50 {Percentile(0.5):F1} ms, p90 {Percentile(0.9):F1} ms, p99 {Percentile(0.99):F1} ms, max {Percentile(1):F1} ms; GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, GC pause total {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms");
        using var self = Process.GetCurrentProcess();
        output.WriteLine($"  peak working set       {self.PeakWorkingSet64 / 1_048_576.0,9:F0} MB");
    }

    // Operators (users and wallets), agents spread over them, and jobs between agents of different operators (one in
    // ten failed, final), all at one instant just after the epoch began; balances stay zero.
    private static async Task PopulateAsync(string databasePath, int operators, int agents, int jobs, DateTime at)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Default Timeout=60");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var walletBase = await NextIdAsync(connection, transaction, "Wallets");
        var agentBase = await NextIdAsync(connection, transaction, "Agents");
        var stamp = at.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        var created = at.AddDays(-100).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        await ExecuteAsync(connection, transaction, ScalePopulation.UsersSql, ("operators", operators), ("created", created));
        await ExecuteAsync(connection, transaction, """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @operators)
            INSERT INTO "Wallets" ("Id","UserId","CashAvailable","CashHeld","XpAvailable","XpHeld","XpLocked","XpUnlocking","CreatedAt")
            SELECT @walletBase + i, 'scale-user-' || i, 0, 0, 0, 0, 0, 0, @created FROM n
            """, ("operators", operators), ("walletBase", walletBase), ("created", created));
        await ExecuteAsync(connection, transaction, """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @agents)
            INSERT INTO "Agents" ("Id","OperatorId","Name","Description","CreatedAt","RetiredAt","JobsAsProvider","SucceededAsProvider",
                "LockedXp","UnlockingXp","EarnedLastEpoch","TrustMilli")
            SELECT @agentBase + i, @walletBase + (i % @operators), 'scale-agent-' || i, '', @created, NULL, 0, 0, (i % 1000) * 10, 0, 0, 0 FROM n
            """, ("agents", agents), ("operators", operators), ("agentBase", agentBase), ("walletBase", walletBase), ("created", created));
        // Provider j % agents; client agent (7j + 1) % agents; each agent's operator is its index % operators.
        await ExecuteAsync(connection, transaction, """
            WITH RECURSIVE n(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM n WHERE j + 1 < @jobs)
            INSERT INTO "Jobs" ("ClientAgentId","ProviderAgentId","ClientOperatorId","ProviderOperatorId","Amount","Fee","FeeTier",
                "Succeeded","SelfDealing","At")
            SELECT @agentBase + ((7 * j + 1) % @agents), @agentBase + (j % @agents),
                @walletBase + (((7 * j + 1) % @agents) % @operators), @walletBase + ((j % @agents) % @operators),
                1000000 + (j % 50) * 100000, 0, 'Basic', j % 10 <> 0,
                (((7 * j + 1) % @agents) % @operators) = ((j % @agents) % @operators), @at
            FROM n
            """, ("jobs", jobs), ("agents", agents), ("operators", operators), ("agentBase", agentBase), ("walletBase", walletBase), ("at", stamp));
        // The open epoch's tally of that work, as the app keeps it while jobs are recorded (EpochWorkTally): counted
        // jobs are not self-dealing, at least $1.00 and final (Standing 0).
        await ExecuteAsync(connection, transaction, """
            INSERT INTO "EpochWork" ("EpochNumber","ProviderAgentId","ClientOperatorId","Jobs","Succeeded","Amount","SucceededAmount")
            SELECT (SELECT "Number" FROM "Epochs" WHERE "Status" = 0), "ProviderAgentId", "ClientOperatorId",
                SUM(CASE WHEN c THEN 1 ELSE 0 END), SUM(CASE WHEN c AND "Succeeded" THEN 1 ELSE 0 END),
                SUM(CASE WHEN c THEN "Amount" ELSE 0 END), SUM(CASE WHEN c AND "Succeeded" THEN "Amount" ELSE 0 END)
            FROM (SELECT *, NOT "SelfDealing" AND "Amount" >= 1000000 AND "Standing" = 0 AS c FROM "Jobs" WHERE "ProviderAgentId" >= @agentBase)
            GROUP BY "ProviderAgentId", "ClientOperatorId"
            """, ("agentBase", agentBase));
        // And each operator's provider volume for the day (OperatorVolumes), as recording the jobs would keep it.
        await ExecuteAsync(connection, transaction, """
            INSERT INTO "OperatorVolumeDays" ("OperatorId", "Day", "Volume", "Jobs")
            SELECT "ProviderOperatorId", substr("At", 1, 10) || ' 00:00:00', SUM("Amount"), COUNT(*)
            FROM "Jobs" WHERE "ProviderAgentId" >= @agentBase AND "Succeeded" AND NOT "SelfDealing"
            GROUP BY "ProviderOperatorId", substr("At", 1, 10)
            """, ("agentBase", agentBase));
        await transaction.CommitAsync();
    }

    private static async Task<long> NextIdAsync(SqliteConnection connection, SqliteTransaction transaction, string table)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""SELECT COALESCE(MAX("Id"), 0) + 1 FROM "{table}" """;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = 600;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue("@" + name, value);
        await command.ExecuteNonQueryAsync();
    }
}
