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

namespace XpFlywheel.Bench;

/// <summary>
/// Replays the same stream through the engine host: each command is a unit of work on the single writer, batches
/// are written to a SQLite file (WAL, full sync) in one transaction each, and a command counts as done when its
/// batch is durable. Up to <see cref="InFlight"/> commands are outstanding, as many clients would keep them.
/// </summary>
public static class HostBenchmark
{
    private const int InFlight = 4_096;

    public static async Task<HostBenchmarkResult> RunAsync(int commands, int operators, int seed)
    {
        var stream = CommandStream.Generate(commands, operators, seed);
        var folder = Directory.CreateTempSubdirectory("xpflywheel-bench-");
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole())
            .AddDbContextFactory<AppDbContext>(options => DatabaseExtensions.ConfigureSqlite(options, $"Data Source={Path.Combine(folder.FullName, "bench.db")}"))
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ExchangeFeed>()
            .AddSingleton(new ParameterBoard())
            .AddSingleton(ParameterDefaults.None)
            .AddSingleton<ExchangeHost>()
            .BuildServiceProvider();
        await services.MigrateDatabaseAsync();
        await CreateOperatorsAsync(services, operators);

        var host = services.GetRequiredService<ExchangeHost>();
        await ((IHostedService)host).StartAsync(CancellationToken.None);
        await host.Ready;
        await host.ExecuteAsync(session =>
        {
            for (long op = 1; op <= operators; op++)
            {
                session.Ledger.Deposit(op, CommandStream.CashPerOperator, 0);
                session.Ledger.Emit(op, CommandStream.XpPerOperator, PostingReason.Emission, 0);
            }
            return session.Engine.SetReferencePrice(new Core.Primitives.Price(CommandStream.StartTicks)).IsAccepted;
        });

        var latencies = new long[commands];
        var window = new Queue<(Task<OrderOutcome> Task, long Started, int Index)>(InFlight);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < commands; i++)
        {
            if (window.Count == InFlight)
                await Complete(window.Dequeue(), latencies);
            var command = stream[i];
            // Through the journal as the app sends them: each is a typed command appended to the Journal table.
            var by = Core.Commands.Actor.Operator(command.OperatorId);
            var place = command.Place;
            var task = command.Kind == BenchCommandKind.Cancel
                ? host.SubmitAsync<OrderOutcome>(new Core.Commands.CancelOrder(command.OperatorId, command.OrderId) { By = by })
                : host.SubmitAsync<OrderOutcome>(new Core.Commands.SubmitOrder(place.OperatorId, place.Side, place.Type, place.LimitPrice.Ticks, place.Quantity.Units,
                    place.TimeInForce, place.PostOnly, place.ClientOrderId) { By = by });
            window.Enqueue((task, Stopwatch.GetTimestamp(), i));
        }
        while (window.Count > 0)
            await Complete(window.Dequeue(), latencies);
        var seconds = clock.Elapsed.TotalSeconds;
        var batches = host.BatchesCommitted;

        await ((IHostedService)host).StopAsync(CancellationToken.None);
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);

        Array.Sort(latencies);
        var millisPerTick = 1_000.0 / Stopwatch.Frequency;
        double At(double quantile) => latencies[(int)Math.Min(latencies.Length - 1, quantile * latencies.Length)] * millisPerTick;
        return new HostBenchmarkResult(commands, commands / seconds, (double)commands / batches, At(0.50), At(0.99), latencies[^1] * millisPerTick);
    }

    private static async Task Complete((Task<OrderOutcome> Task, long Started, int Index) pending, long[] latencies)
    {
        await pending.Task;
        latencies[pending.Index] = Stopwatch.GetTimestamp() - pending.Started;
    }

    private static async Task CreateOperatorsAsync(IServiceProvider services, int operators)
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
