using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace XpFlywheel.Web.Data;

/// <summary>
/// Per-connection SQLite settings, applied when a connection opens. The default page cache (2 MB) makes every
/// index insert of a large postings table a cache miss; 64 MB keeps the hot index pages in memory. A connection
/// that finds the database locked by another's write waits in SQLite's own busy handler (it retries within
/// milliseconds) instead of Microsoft.Data.Sqlite's retry loop, which sleeps 150 ms between attempts: the writer's
/// journal commit and the projection's row writes take turns on the one write lock. SQLite only: registered by the
/// SQLite provider set-up.
/// </summary>
internal sealed class SqliteTuning : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
