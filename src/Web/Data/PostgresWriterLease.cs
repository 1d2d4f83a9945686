using Npgsql;

namespace XpFlywheel.Web.Data;

/// <summary>
/// The writer lease of a PostgreSQL database: a session-level advisory lock (<c>pg_try_advisory_lock</c>) taken on
/// a connection of its own and held by keeping that connection open. The server ends the lock with the session, so
/// a process that dies (or whose connection the server drops) gives the lease back and a restart is never blocked.
/// Advisory locks live in their database, so two databases on one server have two leases.
/// </summary>
/// <remarks>
/// A lease alone cannot stop a process that was paused while another took over from writing once it resumes: the
/// writer also checks its fencing token (<see cref="WriterFence"/>) in every batch's transaction.
/// </remarks>
public sealed class PostgresWriterLease : IWriterLease
{
    /// <summary>The advisory lock key: "XPFLYWHL" as eight ASCII bytes, the same in every process of the app.</summary>
    public const long LockKey = 0x5850_464C_5957_484C;

    private readonly string _connectionString;
    private readonly string _watchConnectionString;
    private readonly ILogger<PostgresWriterLease> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _session;
    private bool _disposed;

    /// <summary>A lease on the database of <paramref name="connectionString"/>.</summary>
    public PostgresWriterLease(string connectionString, ILogger<PostgresWriterLease> logger)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // The lease's own session: never shared with the pool. Npgsql probes it every second while it is idle, from
            // the moment the lock is taken (through migrations and the exchange's load, before the leader's own
            // renewal starts): a dropped session is noticed, and the server sees a live holder as active once a
            // second (EndSilentHolderAsync).
            Pooling = false,
            KeepAlive = 1,
            ApplicationName = "xpflywheel-writer-lease",
        };
        _connectionString = settings.ConnectionString;
        _watchConnectionString = new NpgsqlConnectionStringBuilder(settings.ConnectionString)
        {
            // A follower looks once a second while the lease stays taken: one pooled connection, not one opened each time.
            Pooling = true,
            MaxPoolSize = 1,
            KeepAlive = 0,
            ApplicationName = "xpflywheel-lease-watch",
        }.ConnectionString;
        _logger = logger;
        Database = $"{settings.Database} on {settings.Host}:{settings.Port}";
    }

    /// <inheritdoc />
    public string Database { get; }

    /// <summary>
    /// Whether the lock's session is still open. A session the server ended (restart, <c>pg_terminate_backend</c>,
    /// network loss) reads as not held once the driver sees it broken: the keep-alive probes every second.
    /// </summary>
    public bool IsHeld => _session is { } session && SessionIsOpen(StateOf(session));

    // Read without the gate (health checks, the probe's own check): a session being closed on another thread at that
    // moment makes Npgsql throw from FullState, and a session being closed holds nothing.
    private static System.Data.ConnectionState StateOf(NpgsqlConnection session)
    {
        try
        {
            return session.FullState;
        }
        catch (Exception error) when (error is InvalidOperationException or ObjectDisposedException)
        {
            return System.Data.ConnectionState.Closed;
        }
    }

    /// <summary>
    /// Whether a session in <paramref name="state"/> still holds its lock: open, including while it runs a command
    /// (Npgsql reports <c>Open | Executing</c> or <c>Open | Fetching</c> during the renewal probe); not when closed,
    /// connecting or broken.
    /// </summary>
    public static bool SessionIsOpen(System.Data.ConnectionState state) =>
        state.HasFlag(System.Data.ConnectionState.Open) && !state.HasFlag(System.Data.ConnectionState.Broken);

    /// <inheritdoc />
    /// <remarks>
    /// Once the lock is taken, every other session still holding the fence row (a stopped leader's batch that was
    /// running a statement when its lease session was ended) is ended: it could only block this writer's token.
    /// </remarks>
    public ValueTask AcquireAsync(CancellationToken cancellationToken = default) => AcquireAsync(endFormerWriters: true, cancellationToken);

    // A renewal takes the lock back for a leader whose own batch may hold the fence row: it ends no one.
    private async ValueTask AcquireAsync(bool endFormerWriters, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // A session the server ended reads as open until it is used: trust it only once it answers.
            if (_session is { } held && IsHeld && await AnswersAsync(held, cancellationToken))
                return;
            if (_session is not null)
                await _session.DisposeAsync();
            _session = null;

            var session = new NpgsqlConnection(_connectionString);
            await session.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", session);
            command.Parameters.AddWithValue("key", LockKey);
            if (await command.ExecuteScalarAsync(cancellationToken) is not true)
            {
                await session.DisposeAsync();
                throw new WriterLeaseUnavailableException(
                    $"Another process holds the writer for the database {Database} (PostgreSQL advisory lock {LockKey}). " +
                    "Only one process may write to a database: stop the other one first, or give this one another database.");
            }
            _session = session;
            // Whoever holds the fence row now is a writer that lost the lease (a stopped leader's batch that was still
            // running a statement when its session was ended): its transaction would block this writer's token.
            if (endFormerWriters)
            {
                try
                {
                    await EndFenceHoldersAsync(session, cancellationToken);
                }
                catch (Exception error) when (error is NpgsqlException or InvalidOperationException or System.IO.IOException)
                {
                    // The lock is held all the same; a former writer still in the way shows as this writer's wait.
                    _logger.LogWarning(error, "Looking for a former writer's sessions on {Database} failed", Database);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
        _logger.LogInformation("This process holds the writer for the database {Database} (advisory lock {Key})", Database, LockKey);
    }

    /// <inheritdoc />
    /// <remarks>A disposed lease answers false and is never taken again: the process is stopping.</remarks>
    public async ValueTask<bool> RenewAsync(CancellationToken cancellationToken = default)
    {
        if (_disposed)
            return false;
        if (_session is { } session && IsHeld)
        {
            try
            {
                // A session the server ended reads as open until it is used: use it.
                await _gate.WaitAsync(cancellationToken);
                try
                {
                    // Given back meanwhile (ReleaseAsync): not held, and not this probe's to take again.
                    if (!ReferenceEquals(_session, session))
                        return IsHeld;
                    await using var probe = new NpgsqlCommand("SELECT 1", session);
                    await probe.ExecuteScalarAsync(cancellationToken);
                }
                finally
                {
                    _gate.Release();
                }
                return true;
            }
            catch (Exception error) when (error is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                _logger.LogWarning(error, "The writer lease's session for {Database} ended; taking the lease again", Database);
                await _gate.WaitAsync(cancellationToken);
                try
                {
                    if (ReferenceEquals(_session, session))
                    {
                        await session.DisposeAsync();
                        _session = null;
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        try
        {
            await AcquireAsync(endFormerWriters: false, cancellationToken);
            return true;
        }
        catch (Exception error) when (error is WriterLeaseUnavailableException or ObjectDisposedException)
        {
            return false;
        }
        catch (Exception error) when (error is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Unlocks the advisory lock on a session that still answers (so the next taker need not wait for the server to
    /// notice the closed socket), then closes the session, which ends the lock if the server had not ended it already.
    /// </remarks>
    public async ValueTask ReleaseAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await GiveBackAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    // Unlocks on a session that still answers, then closes it. Closing alone ends the lock only once the server has
    // read the close, so a next taker asking at once could still find it held. Called holding the gate (or after
    // waiting for it in vain).
    private async ValueTask GiveBackAsync()
    {
        if (_session is { } session)
        {
            if (SessionIsOpen(StateOf(session)))
            {
                try
                {
                    await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", session);
                    await unlock.ExecuteNonQueryAsync();
                }
                catch (Exception error) when (error is NpgsqlException or InvalidOperationException or System.IO.IOException)
                {
                    // The session had ended: so had its lock.
                }
            }
            await session.DisposeAsync();
        }
        _session = null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The holder is found in <c>pg_locks</c> (the advisory lock <see cref="LockKey"/> in this database, granted) and
    /// judged by <c>pg_stat_activity</c>: a leader's lease session runs its renewal probe every
    /// <c>Cluster:LeaseRenewInterval</c> (1 s), so a session idle for longer than <paramref name="silence"/> belongs to
    /// a process that has stopped (SIGSTOP, a frozen VM, a hung runtime) while its socket stays open. That session is
    /// ended with <c>pg_terminate_backend</c>. The transactions it may have left on the fence row are ended by whoever
    /// takes the lease next (<see cref="AcquireAsync(CancellationToken)"/>), never by a node that does not hold it: another
    /// follower may have taken the freed lock and be advancing the token already. The silence is measured by
    /// the server's clock, so the nodes' clocks do not matter. Sessions of another role are invisible to this one
    /// unless it may see them (<c>pg_read_all_stats</c>): every node uses one role.
    /// </remarks>
    public async ValueTask<bool> EndSilentHolderAsync(TimeSpan silence, CancellationToken cancellationToken = default)
    {
        if (_disposed || silence <= TimeSpan.Zero)
            return false;
        await using var session = new NpgsqlConnection(_watchConnectionString);
        await session.OpenAsync(cancellationToken);
        int holder;
        string? address;
        TimeSpan silentFor;
        await using (var find = new NpgsqlCommand(FindSilentHolder, session))
        {
            find.Parameters.AddWithValue("high", LockKey >> 32);
            find.Parameters.AddWithValue("low", LockKey & 0xFFFF_FFFF);
            find.Parameters.AddWithValue("silence", silence);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return false;
            holder = reader.GetInt32(0);
            address = reader.IsDBNull(1) ? null : reader.GetString(1);
            silentFor = TimeSpan.FromMilliseconds(reader.GetInt64(2));
        }
        var ended = await TerminateAsync(session, [holder], cancellationToken);
        _logger.LogWarning(
            "The writer lease for {Database} was held by a session silent for {Seconds:0.0} s (backend {Pid}, client {Address}): " +
            "its holder is taken to have stopped and its session was {Outcome}, so another node can lead",
            Database, (decimal)silentFor.TotalMilliseconds / 1000m, holder, address ?? "local socket", ended > 0 ? "ended" : "not ended (it had ended, or this role may not end it)");
        return ended > 0;
    }

    // Ends every other session whose transaction holds the fence row: only a writer's batch or projection takes it, and
    // once the lease is not its process's any more (ended as silent, or taken by this process) it can only block the
    // next writer's token. Each is ended on its own, so one this role may not end does not stop the others.
    private async Task EndFenceHoldersAsync(NpgsqlConnection session, CancellationToken cancellationToken)
    {
        var holders = new List<int>();
        await using (var find = new NpgsqlCommand(FindFenceHolders, session))
        {
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                holders.Add(reader.GetInt32(0));
        }
        if (holders.Count == 0)
            return;
        var ended = await TerminateAsync(session, holders, cancellationToken);
        _logger.LogWarning("Ended {Ended} of {Count} sessions of a former writer left holding the fence row of {Database}", ended, holders.Count, Database);
    }

    // pg_terminate_backend for each pid; one the server refuses (another role's, a superuser's) is skipped.
    private async Task<int> TerminateAsync(NpgsqlConnection session, IEnumerable<int> pids, CancellationToken cancellationToken)
    {
        var ended = 0;
        foreach (var pid in pids)
        {
            try
            {
                await using var end = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", session);
                end.Parameters.AddWithValue("pid", pid);
                if (await end.ExecuteScalarAsync(cancellationToken) is true)
                    ended++;
            }
            catch (PostgresException error)
            {
                _logger.LogWarning("Could not end backend {Pid} on {Database}: {Reason}", pid, Database, error.MessageText);
            }
        }
        return ended;
    }

    // The lease's holder if its session has been idle longer than the silence: a live leader's probe runs every second.
    private const string FindSilentHolder = """
        SELECT a.pid, host(a.client_addr), (EXTRACT(EPOCH FROM now() - a.state_change) * 1000)::int8
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid::int8 = @high AND l.objid::int8 = @low
          AND a.state = 'idle' AND a.state_change < now() - @silence
        """;

    // Sessions other than this one whose transaction holds the fence row (a writer's batch or projection checks the
    // fence first and keeps the row to its commit, and with it every row it wrote that the next writer would meet):
    // those idle in their transaction, or running a statement that waits on their client (a stopped process that does
    // not read) or on a lock. One that is committing (or waiting for a standby to confirm its commit) is left to
    // finish: ending it could leave its writer unsure whether what it committed took effect.
    private const string FindFenceHolders = """
        SELECT DISTINCT a.pid
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.relation = to_regclass('"WriterFence"') AND l.mode = 'RowExclusiveLock' AND l.granted
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND a.pid <> pg_backend_pid()
          AND (a.state LIKE 'idle in transaction%' OR (a.state = 'active' AND a.wait_event_type IN ('Client', 'Lock')))
        """;

    // Whether the session still runs commands (so still holds its lock); a broken one is closed by the driver.
    private static async Task<bool> AnswersAsync(NpgsqlConnection session, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = new NpgsqlCommand("SELECT 1", session);
            await probe.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException or System.IO.IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Gives the lease back for good: unlocks the advisory lock and closes its session, so the next process can take
    /// it at once. Waits (up to 5 s) for a probe or a release that uses the session to end first, so the session is
    /// not closed under a command running on it. A renewal after this answers false and takes nothing.
    /// </summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="Dispose" />
    public async ValueTask DisposeAsync()
    {
        var entered = await _gate.WaitAsync(DisposeWait);
        try
        {
            _disposed = true;
            await GiveBackAsync();
        }
        finally
        {
            if (entered)
                _gate.Release();
        }
    }

    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);
}
