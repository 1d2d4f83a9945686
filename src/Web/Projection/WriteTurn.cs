using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Projection;

/// <summary>
/// The database's write lock as this process takes it, in turns, for the writer's batches and the projection's
/// transactions, and the one connection both write through. A hand-over here is immediate, where meeting SQLite's
/// lock makes Microsoft.Data.Sqlite sleep 150 ms; and one connection keeps one page cache warm: SQLite drops a
/// connection's whole cache when another connection has written since its last transaction, so two writing
/// connections taking turns each began every transaction cold (every index page read again).
/// </summary>
internal sealed class WriteTurn(WriterDatabase database) : IAsyncDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private AppDbContext? _owner;

    /// <summary>Waits for the turn; disposing the handle gives it back (once).</summary>
    public Task<Held> TakeAsync() => Held.TakeAsync(_turn);

    /// <summary>
    /// Points <paramref name="db"/> at the shared connection and opens it (once, on first use). Only while holding the
    /// turn; the context must be disposed before the turn is given back, and must not own the connection.
    /// </summary>
    public async Task AttachAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (_owner is null)
        {
            var owner = await database.Factory.CreateDbContextAsync(cancellationToken);
            await owner.Database.OpenConnectionAsync(cancellationToken);
            _owner = owner;
        }
        db.Database.SetDbConnection(_owner.Database.GetDbConnection(), contextOwnsConnection: false);
        await db.Database.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>
    /// Closes the shared connection after a failed write (the next turn opens a fresh one): a connection a provider
    /// broke (a dropped PostgreSQL session) is not reused.
    /// </summary>
    public async ValueTask ResetAsync()
    {
        if (_owner is { } owner)
        {
            _owner = null;
            await owner.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => ResetAsync();
}
