namespace XpFlywheel.Web.Data;

/// <summary>
/// The right to be the one process that writes to a database. The exchange keeps its counters (next order id,
/// trade id, sequence) in memory and saves them with every batch, so two processes on one database hand out the
/// same ids and overwrite each other's counters. The lease is taken before migrations and before the exchange
/// loads, held for the life of the process and given back on dispose; a process that cannot take it must not start.
/// </summary>
/// <remarks>
/// Each provider brings its own: an exclusive lock on a file beside a SQLite database, a session-level advisory
/// lock on a server database. Either way the operating system or the server gives the lease back when the process
/// dies, so a restart after a crash is never blocked.
/// </remarks>
public interface IWriterLease : IDisposable, IAsyncDisposable
{
    /// <summary>The database the lease guards, named as an operator would find it (a file path for SQLite).</summary>
    string Database { get; }

    /// <summary>Whether this process holds the lease now.</summary>
    bool IsHeld { get; }

    /// <summary>
    /// Takes the lease without waiting: returns once it is held (at once if it already is), or throws
    /// <see cref="WriterLeaseUnavailableException"/> when another process holds it.
    /// </summary>
    ValueTask AcquireAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks that the lease is still held and, if it was lost without another process taking it (the server ended
    /// its session: a database restart, a dropped connection), takes it again. Returns whether it is held now. Taking
    /// it again is safe: a process that took the writer meanwhile advanced the fencing token, and this one's next
    /// batch is refused by it.
    /// </summary>
    ValueTask<bool> RenewAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(IsHeld);

    /// <summary>
    /// Gives the lease back while the process goes on, as a writer does once another took the writer from it (it
    /// follows from then on). Its own view of the lease can be stale: a session the server ended still reads as open
    /// until it is used, and a follower that trusted it would take the writer back from the node that holds it. A
    /// later <see cref="AcquireAsync"/> asks the database afresh. A lease that no other process can take while this
    /// one holds it (a lock file, an in-memory database) has nothing to give back.
    /// </summary>
    ValueTask ReleaseAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Ends the hold of another process that keeps the lease but has done nothing with it for longer than
    /// <paramref name="silence"/> (a paused or hung process whose session the database still sees as open), with the
    /// open transaction it left holding the fencing token's row, so that this process can take the lease at its next try.
    /// Returns whether a holder was ended. Safe against a process that was only slow: its fencing token stops it
    /// writing once another took over, and it follows from then on. A lease that ends with its process by itself (a
    /// lock file, an in-memory database) has no such holder and answers false.
    /// </summary>
    ValueTask<bool> EndSilentHolderAsync(TimeSpan silence, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);
}
