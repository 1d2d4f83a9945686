using Microsoft.Data.Sqlite;

namespace XpFlywheel.Web.Data;

/// <summary>
/// Moves SQLite's WAL checkpoints off the committing connections. By default the commit that makes the WAL pass
/// 1,000 pages copies the WAL into the database file and syncs it before it returns, so every so often one batch of
/// the writer (and every order waiting on it) pays a checkpoint of a large, scattered file: tens to hundreds of
/// milliseconds on a database of a few gigabytes (docs/benchmarks.md, "The close in parts"). While this service runs,
/// connections open with automatic checkpoints off (<see cref="SqliteTuning"/>), and it checkpoints every
/// <see cref="Interval"/> on its own connection in PASSIVE mode, which never waits for, nor blocks, the writer or a
/// reader (SQLite's "wal_checkpoint"); at stop it checkpoints whatever is left. SQLite only.
/// </summary>
internal sealed class WalCheckpointer(string connectionString, ILogger<WalCheckpointer> logger) : BackgroundService
{
    /// <summary>How often the WAL is checkpointed; the WAL holds at most about this long of writes beyond what readers still use.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private static int _running;

    /// <summary>Whether a checkpointer runs in this process: connections then open with automatic checkpoints off.</summary>
    public static bool Running => Volatile.Read(ref _running) > 0;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(stoppingToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning(error, "WAL checkpoints stay with the committing connections: the database could not be opened for them");
            return;
        }
        Interlocked.Increment(ref _running);
        try
        {
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
                Checkpoint(connection, "PASSIVE");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            Checkpoint(connection, "PASSIVE");
        }
    }

    private void Checkpoint(SqliteConnection connection, string mode)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode});";
            command.ExecuteNonQuery();
        }
        catch (SqliteException error)
        {
            // Busy or locked: the next tick tries again; anything else is worth a line in the log.
            if (error.SqliteErrorCode is not (5 or 6))
                logger.LogWarning(error, "A WAL checkpoint failed; the next one is in {Interval}", Interval);
        }
    }
}
