using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Data;

/// <summary>
/// Fencing for the single writer (the pattern of fencing tokens with leases): a lease says who may write now, the
/// token makes sure nobody who held it before still can. The SQL is plain and portable (SQLite 3.35+ and PostgreSQL
/// both have <c>RETURNING</c>).
/// </summary>
public static class WriterFence
{
    /// <summary>
    /// Takes the next token for this process (the stored one plus one, committed at once) and returns it. Call once
    /// the lease is held and migrations have run, before the exchange loads.
    /// </summary>
    public static async Task<long> AdvanceAsync(IDbContextFactory<AppDbContext> dbFactory, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.Database
            .SqlQueryRaw<long>("""UPDATE "WriterFence" SET "Token" = "Token" + 1 WHERE "Id" = 1 RETURNING "Token" AS "Value" """)
            .ToListAsync(cancellationToken);
        return tokens.Count == 1
            ? tokens[0]
            : throw new InvalidOperationException("The WriterFence row is missing: the database's migrations have not run.");
    }

    /// <summary>
    /// Outside any batch: throws when <paramref name="token"/> is no longer the newest. A writer whose batch failed for
    /// another reason (its session cut while it was paused) asks this before reading state back from the tables,
    /// which a newer writer may have moved on.
    /// </summary>
    /// <exception cref="WriterFencedException">Another process took the writer after this one.</exception>
    public static async Task ThrowIfStaleAsync(IDbContextFactory<AppDbContext> dbFactory, long token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var newest = await db.Database.SqlQueryRaw<long>("""SELECT "Token" AS "Value" FROM "WriterFence" WHERE "Id" = 1""").ToListAsync(cancellationToken);
        if (newest.Count == 1 && newest[0] != token)
            throw new WriterFencedException(token);
    }

    /// <summary>
    /// Inside a batch's transaction: confirms <paramref name="token"/> is still the newest, and holds the fence row
    /// until commit, so a takeover waits for this batch or this batch sees the takeover.
    /// </summary>
    /// <exception cref="WriterFencedException">Another process took the writer after this one.</exception>
    public static void Check(DbConnection connection, DbTransaction transaction, long token)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """UPDATE "WriterFence" SET "Token" = @token WHERE "Id" = 1 AND "Token" = @token""";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@token";
        parameter.Value = token;
        command.Parameters.Add(parameter);
        if (command.ExecuteNonQuery() != 1)
            throw new WriterFencedException(token);
    }
}

/// <summary>This process's writer token is no longer the newest: another process became the writer.</summary>
public sealed class WriterFencedException(long token)
    : Exception($"Another process became the writer after this one (fencing token {token} is stale): this process writes nothing more.")
{
    /// <summary>The stale token this process held.</summary>
    public long Token { get; } = token;
}
