using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using XpFlywheel.Web.Cluster;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Projection;

namespace XpFlywheel.Bench;

/// <summary>
/// Durable commands per second and command-to-answer latency on PostgreSQL: first through the leader's writer, then
/// the same kind of stream sent to a follower on the same database, which forwards each command through the
/// <c>CommandInbox</c> table and answers once its replica includes the result (the forwarding cost). Both hosts run in
/// this process, each with its own connections, lease, signals and state, as two nodes would.
/// </summary>
public static class ClusterBenchmark
{
    /// <param name="server">A PostgreSQL connection string whose user may create databases; a fresh one is made for the run.</param>
    public static async Task RunAsync(string server, int commands, int operators, int seed, int inFlight, TextWriter output)
    {
        var name = "xpf_bench_" + Guid.NewGuid().ToString("N")[..10];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
        }
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 200 }.ConnectionString;
        var stream = CommandStream.Generate(commands * 3, operators, seed);

        var leader = Node(database);
        await leader.MigrateDatabaseAsync();
        await HostBenchmark.CreateOperatorsAsync(leader, operators);
        await leader.GetRequiredService<IWriterLease>().AcquireAsync();
        var leaderHost = await StartAsync(leader);
        await HostBenchmark.FundAsync(leaderHost, operators);
        var direct = await DriveAsync(leaderHost, stream.AsMemory(0, commands), inFlight);

        var follower = Node(database);
        // As PrepareAsync does when the lease is taken.
        follower.GetRequiredService<ClusterNode>().Follow();
        var followerHost = await StartAsync(follower);
        var forwarded = await DriveAsync(followerHost, stream.AsMemory(commands, commands), inFlight);
        var lagBehind = leaderHost.JournalSequence - followerHost.JournalSequence;

        // Economy traffic as a follower sees it: the leader takes orders with a cash deposit every fourth command (a
        // command whose rows go with its journal row, as jobs, burns and locks do), and the follower keeps up.
        await WaitForAsync(() => followerHost.JournalSequence >= leaderHost.JournalSequence, TimeSpan.FromMinutes(2));
        var reloadsBefore = followerHost.ReplicaReloads;
        var maxLag = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                maxLag = Math.Max(maxLag, leaderHost.JournalSequence - followerHost.JournalSequence);
                await Task.Delay(10);
            }
        });
        var mixed = await DriveAsync(leaderHost, stream.AsMemory(commands * 2, commands), inFlight, depositEvery: 4);
        var catchUp = Stopwatch.StartNew();
        var caughtUp = await WaitForAsync(() => followerHost.JournalSequence >= leaderHost.JournalSequence, TimeSpan.FromMinutes(5));
        var catchUpMs = catchUp.Elapsed.TotalMilliseconds;
        await sampling.CancelAsync();
        await sampler;
        var reloads = followerHost.ReplicaReloads - reloadsBefore;

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"PostgreSQL, {commands:N0} commands each way, {inFlight} in flight, {operators:N0} operators"));
        output.WriteLine("| path | commands/s | p50 | p99 | max |");
        output.WriteLine("|---|---|---|---|---|");
        output.WriteLine(string.Create(c, $"| through the leader's writer | {direct.PerSecond:N0} | {direct.P50:0.0} ms | {direct.P99:0.0} ms | {direct.Max:0.0} ms |"));
        output.WriteLine(string.Create(c, $"| sent to a follower (inbox, leader, answer, replica) | {forwarded.PerSecond:N0} | {forwarded.P50:0.0} ms | {forwarded.P99:0.0} ms | {forwarded.Max:0.0} ms |"));
        output.WriteLine(string.Create(c, $"| through the leader, a deposit every fourth command | {mixed.PerSecond:N0} | {mixed.P50:0.0} ms | {mixed.P99:0.0} ms | {mixed.Max:0.0} ms |"));
        output.WriteLine(string.Create(c, $"follower replica behind the leader when the last answer came: {lagBehind} commands"));
        output.WriteLine(string.Create(c, $"with deposits: follower lag max {maxLag:N0} commands; caught up {(caughtUp ? $"{catchUpMs:0} ms" : "not within 5 min")} after the leader's last answer; {reloads:N0} replica reloads"));
        output.WriteLine();
        output.WriteLine(string.Create(c, $"cluster_leader_commands_per_second={direct.PerSecond:0}"));
        output.WriteLine(string.Create(c, $"cluster_leader_p99_ms={direct.P99:0.0}"));
        output.WriteLine(string.Create(c, $"cluster_follower_commands_per_second={forwarded.PerSecond:0}"));
        output.WriteLine(string.Create(c, $"cluster_follower_p99_ms={forwarded.P99:0.0}"));
        output.WriteLine(string.Create(c, $"cluster_mixed_commands_per_second={mixed.PerSecond:0}"));
        output.WriteLine(string.Create(c, $"cluster_mixed_follower_max_lag={maxLag}"));
        output.WriteLine(string.Create(c, $"cluster_mixed_follower_catch_up_ms={catchUpMs:0}"));
        output.WriteLine(string.Create(c, $"cluster_mixed_follower_reloads={reloads}"));

        foreach (var node in new[] { follower, leader })
        {
            foreach (var hosted in node.GetServices<IHostedService>().Reverse())
                await hosted.StopAsync(CancellationToken.None);
            await node.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    private readonly record struct Figures(double PerSecond, double P50, double P99, double Max);

    private static async Task<bool> WaitForAsync(Func<bool> done, TimeSpan within)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (!done())
        {
            if (Stopwatch.GetTimestamp() > deadline)
                return false;
            await Task.Delay(5);
        }
        return true;
    }

    // depositEvery: every n-th command is a $1 cash deposit to its operator instead of the stream's order command.
    private static async Task<Figures> DriveAsync(ExchangeHost host, ReadOnlyMemory<BenchCommand> commands, int inFlight, int depositEvery = 0)
    {
        var latencies = new long[commands.Length];
        var window = new Queue<(Task Task, long Started, int Index)>(inFlight);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < commands.Length; i++)
        {
            if (window.Count == inFlight)
                await Complete(window.Dequeue(), latencies);
            var command = commands.Span[i];
            Task sent = depositEvery > 0 && i % depositEvery == depositEvery - 1
                ? (Task)host.SubmitAsync<Core.Ledger.TransferResult>(new Core.Commands.DepositCash(command.OperatorId, 1_000_000, i) { By = Core.Commands.Actor.System("bench") })
                : (Task)HostBenchmark.Submit(host, command);
            window.Enqueue((sent, Stopwatch.GetTimestamp(), i));
        }
        while (window.Count > 0)
            await Complete(window.Dequeue(), latencies);
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        var millisPerTick = 1_000.0 / Stopwatch.Frequency;
        double At(double quantile) => latencies[(int)Math.Min(latencies.Length - 1, quantile * latencies.Length)] * millisPerTick;
        return new Figures(commands.Length / seconds, At(0.50), At(0.99), latencies[^1] * millisPerTick);
    }

    private static async Task Complete((Task Task, long Started, int Index) pending, long[] latencies)
    {
        await pending.Task;
        latencies[pending.Index] = Stopwatch.GetTimestamp() - pending.Started;
    }

    // One node's services, as the app registers them for PostgreSQL (without the web parts).
    private static ServiceProvider Node(string database) =>
        new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole())
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddDbContextFactory<PostgresAppDbContext>(options => DatabaseExtensions.ConfigurePostgres(options, database))
            .AddSingleton<IDbContextFactory<AppDbContext>>(services =>
                new ProviderContextFactory<PostgresAppDbContext>(services.GetRequiredService<IDbContextFactory<PostgresAppDbContext>>()))
            .AddSingleton<IWriterLease>(services => new PostgresWriterLease(database, services.GetRequiredService<ILogger<PostgresWriterLease>>()))
            .AddSingleton(new ClusterNode(canFollow: true, database))
            .AddSingleton<ClusterSignals>()
            .AddSingleton<CommandForwarder>()
            .AddSingleton<InboxRelay>()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ExchangeFeed>()
            .AddSingleton(new ParameterBoard())
            .AddSingleton(ParameterDefaults.None)
            .AddSingleton(provider => new WriterDatabase(provider.GetRequiredService<IDbContextFactory<AppDbContext>>()))
            .AddSingleton<ProjectionProgress>()
            .AddSingleton<ExchangeHost>()
            .AddSingleton<IHostedService>(s => s.GetRequiredService<ClusterSignals>())
            .AddSingleton<IHostedService>(s => s.GetRequiredService<CommandForwarder>())
            .AddSingleton<IHostedService>(s => s.GetRequiredService<ExchangeHost>())
            .AddSingleton<IHostedService>(s => s.GetRequiredService<InboxRelay>())
            .BuildServiceProvider();

    private static async Task<ExchangeHost> StartAsync(ServiceProvider node)
    {
        foreach (var hosted in node.GetServices<IHostedService>())
            await hosted.StartAsync(CancellationToken.None);
        var host = node.GetRequiredService<ExchangeHost>();
        await host.Ready;
        return host;
    }
}
