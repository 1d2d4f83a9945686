using System.Globalization;
using Microsoft.Data.Sqlite;

namespace XpFlywheel.Web.Tests.Epochs;

/// <summary>
/// A large working population written straight into the app's tables, in one transaction with prepared
/// statements: recording this many jobs through the services would take minutes. Provider operator i owns one
/// agent, "scale-agent-i", that did three or four jobs for the given clients inside the window, so every one of
/// them is eligible; volumes, failures, locked XP and ages vary so shares differ and remainders matter. Balances
/// stay zero, so the exchange's ledger in memory (which holds the non-zero ones) needs no reload; no cash moved
/// for these jobs, which the ledger never sees.
/// </summary>
public static class WorkingPopulation
{
    public const string AgentPrefix = "scale-agent-";
    public const string OperatorPrefix = "scale-op-";

    /// <summary>Inserts <paramref name="providers"/> operators, their agents and their jobs; returns the new operator ids.</summary>
    public static async Task<IReadOnlyList<long>> InsertAsync(
        string databasePath, int providers, IReadOnlyList<(long Operator, long Agent)> clients, DateTime windowStart)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var firstWallet = await NextIdAsync(connection, transaction, "Wallets");
        var firstAgent = await NextIdAsync(connection, transaction, "Agents");

        await using var user = Prepare(connection, transaction,
            """
            INSERT INTO "AspNetUsers" ("Id","CreatedAt","UserName","NormalizedUserName","Email","NormalizedEmail","EmailConfirmed",
                "SecurityStamp","ConcurrencyStamp","PhoneNumberConfirmed","TwoFactorEnabled","LockoutEnabled","AccessFailedCount")
            VALUES (@id,@at,@email,@normalized,@email,@normalized,1,@stamp,@stamp,0,0,1,0)
            """, "id", "at", "email", "normalized", "stamp");
        await using var wallet = Prepare(connection, transaction,
            """
            INSERT INTO "Wallets" ("Id","UserId","CashAvailable","CashHeld","XpAvailable","XpHeld","XpLocked","XpUnlocking","CreatedAt")
            VALUES (@id,@user,0,0,0,0,0,0,@at)
            """, "id", "user", "at");
        await using var agent = Prepare(connection, transaction,
            """
            INSERT INTO "Agents" ("Id","OperatorId","Name","Description","CreatedAt","RetiredAt","JobsAsProvider","SucceededAsProvider",
                "LockedXp","UnlockingXp","EarnedLastEpoch","TrustMilli")
            VALUES (@id,@operator,@name,'',@created,NULL,@jobs,@succeeded,@locked,0,0,0)
            """, "id", "operator", "name", "created", "jobs", "succeeded", "locked");
        await using var job = Prepare(connection, transaction,
            """
            INSERT INTO "Jobs" ("ClientAgentId","ProviderAgentId","ClientOperatorId","ProviderOperatorId","Amount","Fee","FeeTier",
                "Succeeded","SelfDealing","At")
            VALUES (@clientAgent,@agent,@clientOperator,@operator,@amount,0,'Basic',@succeeded,0,@at)
            """, "clientAgent", "agent", "clientOperator", "operator", "amount", "succeeded", "at");

        var operators = new List<long>(providers);
        for (var i = 0; i < providers; i++)
        {
            var operatorId = firstWallet + i;
            var agentId = firstAgent + i;
            var email = string.Create(CultureInfo.InvariantCulture, $"{OperatorPrefix}{i}@test.local");
            var userId = Guid.NewGuid().ToString();
            await RunAsync(user, userId, windowStart, email, email.ToUpperInvariant(), Guid.NewGuid().ToString("N"));
            await RunAsync(wallet, operatorId, userId, windowStart);

            var jobs = 3 + i % 2;
            var failed = i % 4 == 1 ? 1 : 0;
            await RunAsync(agent, agentId, operatorId, string.Create(CultureInfo.InvariantCulture, $"{AgentPrefix}{i}"),
                windowStart.AddDays(-(i % 365)), jobs, jobs - failed, i % 1_000 * 10);
            for (var k = 0; k < jobs; k++)
            {
                var client = clients[(i + k) % clients.Count];
                var succeeded = !(failed == 1 && k == jobs - 1);
                await RunAsync(job, client.Agent, agentId, client.Operator, operatorId, (1 + i % 50) * 1_000_000L + k, succeeded,
                    windowStart.AddSeconds(i % 3_000).AddMilliseconds(k));
            }
            operators.Add(operatorId);
        }
        // The open epoch's tally of the new agents' work, as the app keeps it while jobs are recorded
        // (EpochWorkTally): counted jobs are not self-dealing, at least $1.00 and final (Standing 0).
        await using (var tally = Prepare(connection, transaction, """
            INSERT INTO "EpochWork" ("EpochNumber","ProviderAgentId","ClientOperatorId","Jobs","Succeeded","Amount","SucceededAmount")
            SELECT (SELECT "Number" FROM "Epochs" WHERE "Status" = 0), "ProviderAgentId", "ClientOperatorId",
                SUM(CASE WHEN c THEN 1 ELSE 0 END), SUM(CASE WHEN c AND "Succeeded" THEN 1 ELSE 0 END),
                SUM(CASE WHEN c THEN "Amount" ELSE 0 END), SUM(CASE WHEN c AND "Succeeded" THEN "Amount" ELSE 0 END)
            FROM (SELECT *, NOT "SelfDealing" AND "Amount" >= 1000000 AND "Standing" = 0 AS c FROM "Jobs" WHERE "ProviderAgentId" >= @firstAgent)
            GROUP BY "ProviderAgentId", "ClientOperatorId"
            """, "firstAgent"))
            await RunAsync(tally, firstAgent);
        await transaction.CommitAsync();
        return operators;
    }

    private static async Task<long> NextIdAsync(SqliteConnection connection, SqliteTransaction transaction, string table)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COALESCE(MAX(\"Id\"), 0) + 1 FROM \"{table}\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
            command.Parameters.Add(new SqliteParameter("@" + name, null));
        command.Prepare();
        return command;
    }

    private static async Task RunAsync(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
        await command.ExecuteNonQueryAsync();
    }
}
