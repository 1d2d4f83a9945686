using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Bench;

/// <summary>
/// The scale population through the writer's commands, so the journal, the result tables and the epoch's tallies are
/// what the app itself wrote: Identity users by SQL (sign-up's Identity step is outside the journal), then one
/// <see cref="OpenWallet"/> per user, a <see cref="DepositCash"/> per operator, one <see cref="RegisterAgent"/> per
/// agent (backdated 100 days) and one <see cref="RecordJob"/> per job, <c>inFlight</c> commands outstanding at a
/// time. The same shape as the SQL population: agent i belongs to operator i mod operators; job j has provider agent
/// j mod agents and client agent (7j + 1) mod agents, $1.00–$5.90, one in ten failed. Reports each phase's rate.
/// </summary>
internal static class ScalePopulation
{
    public static async Task RunAsync(IServiceProvider services, string databasePath, int operators, int agents, int jobs, TextWriter output, int inFlight = 1_024)
    {
        var host = services.GetRequiredService<ExchangeHost>();
        var sequenceBefore = host.JournalSequence;
        var total = Stopwatch.StartNew();

        var users = Stopwatch.StartNew();
        await InsertUsersAsync(databasePath, operators);
        output.WriteLine($"  {operators:N0} Identity users by SQL in {users.Elapsed.TotalSeconds:F1} s (outside the journal, as sign-up's first step is)");

        var walletIds = new long[operators];
        await PhaseAsync(output, "OpenWallet", operators, inFlight, async i =>
            walletIds[i] = await host.SubmitAsync<long>(new OpenWallet(UserId(i)) { By = Web.Account.OperatorRegistration.SignUp }));
        await PhaseAsync(output, "DepositCash", operators, inFlight, async i =>
            Require((await host.SubmitAsync<TransferResult>(new DepositCash(walletIds[i], 100_000_000_000, i) { By = Actor.Operator(walletIds[i]) })).Succeeded, "deposit"));

        var agentIds = new long[agents];
        var createdAt = DateTime.UtcNow.AddDays(-100);
        await PhaseAsync(output, "RegisterAgent", agents, inFlight, async i =>
        {
            var owner = walletIds[i % operators];
            var result = await host.SubmitAsync<EconomyResult<AgentView>>(
                new RegisterAgent(owner, $"scale-agent-{i}", null, createdAt) { By = Actor.Operator(owner) });
            agentIds[i] = result.Value?.Id ?? throw new InvalidOperationException($"Agent {i} refused: {result.Message}");
        });
        await PhaseAsync(output, "RecordJob", jobs, inFlight, async j =>
        {
            var client = (7L * j + 1) % agents;
            var owner = walletIds[client % operators];
            var result = await host.SubmitAsync<EconomyResult<JobReceipt>>(new RecordJob(owner, agentIds[client], agentIds[j % agents],
                1_000_000 + j % 50 * 100_000, j % 10 != 0) { By = Actor.Operator(owner) });
            Require(result.Value is not null, $"job {j}: {result.Message}");
        });
        output.WriteLine($"  populated through {host.JournalSequence - sequenceBefore:N0} journaled commands in {total.Elapsed.TotalSeconds:F1} s");
    }

    private static string UserId(int i) => "scale-user-" + i.ToString(CultureInfo.InvariantCulture);

    private static void Require(bool condition, string what)
    {
        if (!condition)
            throw new InvalidOperationException($"Refused: {what}");
    }

    // count commands, inFlight at a time; prints the phase's rate.
    private static async Task PhaseAsync(TextWriter output, string name, int count, int inFlight, Func<int, Task> submit)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (i, _) => await submit(i));
        var seconds = watch.Elapsed.TotalSeconds;
        output.WriteLine($"  {name,-14} {count,10:N0} commands in {seconds,7:F1} s = {count / seconds,9:N0} commands/s");
    }

    /// <summary>
    /// Inserts @operators Identity users "scale-user-{i}" (e-mail scale-op-{i}@bench.local) created at @created: the
    /// population's operators before their wallets exist.
    /// </summary>
    internal const string UsersSql = """
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @operators)
        INSERT INTO "AspNetUsers" ("Id","CreatedAt","UserName","NormalizedUserName","Email","NormalizedEmail","EmailConfirmed",
            "SecurityStamp","ConcurrencyStamp","PhoneNumberConfirmed","TwoFactorEnabled","LockoutEnabled","AccessFailedCount")
        SELECT 'scale-user-' || i, @created, 'scale-op-' || i || '@bench.local', UPPER('scale-op-' || i || '@bench.local'),
            'scale-op-' || i || '@bench.local', UPPER('scale-op-' || i || '@bench.local'), 1, hex(randomblob(16)), hex(randomblob(16)), 0, 0, 1, 0
        FROM n
        """;

    private static async Task InsertUsersAsync(string databasePath, int operators)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Default Timeout=60");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = UsersSql;
        command.Parameters.AddWithValue("@operators", operators);
        command.Parameters.AddWithValue("@created", DateTime.UtcNow.AddDays(-100).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync();
    }
}
