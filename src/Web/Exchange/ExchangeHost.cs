using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Projection;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// The single writer. Work arrives on a channel; the loop drains what is waiting into a batch, applies it to the
/// ledger and the book, writes the whole batch in one transaction, and only then answers callers and publishes
/// events (group commit). If anything in a batch fails, the transaction rolls back and the in-memory state is
/// rebuilt from the database, so memory never runs ahead of disk. The caller whose unit of work threw gets the
/// error and the rest of the batch runs again without it; a failure of the batch's shared write fails every caller.
/// Parameters are part of that state: loaded with it, changed only here (<see cref="ParameterChanges"/>) and
/// published on <paramref name="parameters"/> after the commit.
/// <para>
/// Every change arrives as an <see cref="ExchangeCommand"/> (<see cref="SubmitAsync{T}"/>): the writer numbers it
/// with the next journal sequence, stamps it with the batch's time and appends it to the journal in the batch's
/// transaction. A command sent again with the same idempotency key and terms within <see cref="KeyRetention"/>
/// gets the first accepted outcome back and is not applied again; with other terms it is refused.
/// </para>
/// <para>
/// On PostgreSQL a process that finds the writer lease taken follows instead (<see cref="Cluster.ClusterNode"/>): it
/// rebuilds the same state from the tables, applies the leader's journal as it grows, publishes the same events, hands
/// the commands it receives to the leader (<see cref="Cluster.CommandForwarder"/>) and becomes the writer when the
/// leader's lease ends.
/// </para>
/// </summary>
public sealed partial class ExchangeHost(
    WriterDatabase database,
    ProjectionProgress progress,
    ExchangeFeed feed,
    ParameterBoard parameters,
    ParameterDefaults parameterDefaults,
    TimeProvider clock,
    ILogger<ExchangeHost> logger,
    IConfiguration? configuration = null,
    Cluster.ClusterNode? node = null,
    Cluster.ClusterSignals? signals = null,
    Cluster.CommandForwarder? forwarder = null,
    IWriterLease? lease = null) : BackgroundService
{
    public const int MaxBatch = 512;

    private readonly IDbContextFactory<AppDbContext> dbFactory = database.Factory;
    private TradingProjection? _projection;

    // The database's write lock and the connection the writer's batches and the projection's transactions write
    // through, in turns.
    private readonly WriteTurn _writeTurn = new(database);

    /// <summary>Why writing trading results behind the journal stopped, if it did (the writer stops at its next batch).</summary>
    public Exception? ProjectionFailure => _projection?.Failure;

    /// <summary>Holds the projection of trading results (see <see cref="TradingProjection.HoldAsync"/>).</summary>
    internal Task<IDisposable> HoldProjectionAsync() => _projection!.HoldAsync();

    /// <summary>How far the result tables are behind the journal (shown on /admin; /health degrades on it).</summary>
    public ProjectionProgress Projection => progress;

    /// <summary>How long an accepted outcome is kept for its idempotency key: <c>Exchange:IdempotencyRetention</c>, 24 h by default.</summary>
    public TimeSpan KeyRetention { get; } = configuration?.GetValue<TimeSpan?>("Exchange:IdempotencyRetention") ?? TimeSpan.FromHours(24);

    private readonly Dictionary<(string Scope, string Key), IdempotencyEntry> _keys = [];
    private long _journalSequence;
    private DateTime _nextKeyPurge;
    private long _fencingToken;

    /// <summary>This process's writer token (<see cref="WriterFence"/>), taken at start; 0 while loading.</summary>
    public long FencingToken => Interlocked.Read(ref _fencingToken);

    /// <summary>How the last start went (null while loading): shown on /admin.</summary>
    public ExchangeStart? Start { get; private set; }

    /// <summary>
    /// Moves whenever the economy tables (agents, jobs, locks, burns, epochs…) may have changed: after every committed
    /// batch that wrote them on the writer, after every economy run or reload a follower applied. It moves before the
    /// callers of that batch are answered, so a reader that caches something computed from those tables, tagged with
    /// the version it read first, recomputes it when the version differs and never serves what a caller's own
    /// command changed.
    /// </summary>
    public long EconomyVersion => Interlocked.Read(ref _economyVersion);

    private long _economyVersion;

    /// <summary>The sequence of the last journaled command (0 before the first).</summary>
    /// <remarks>On the writer it runs ahead of what is durable while a batch is applied (its commands are numbered
    /// before the commit) and goes back when that batch fails: report <see cref="DurableSequence"/> instead.</remarks>
    public long JournalSequence => Interlocked.Read(ref _journalSequence);

    /// <summary>
    /// The sequence of the last command made durable: on the writer the last committed one (as /admin shows it), on a
    /// follower the last one of the leader's journal it applied. Never a number a batch still in flight has handed out,
    /// which a failed batch or a crash before its commit gives to another command.
    /// </summary>
    public long DurableSequence => Following ? JournalSequence : progress.Committed;

    /// <summary>Requests queued for the writer and not yet taken into a batch.</summary>
    public int QueueDepth => Math.Max(0, Volatile.Read(ref _queued));

    // Counted here: the single-reader channel does not count its items.
    private int _queued;

    // Closed when the loop ends; replaced when a node that lost the writer to another takes it back (FollowAsync).
    private volatile Channel<ExchangeRequest> _requests = Channel.CreateUnbounded<ExchangeRequest>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ExchangeState? _state;

    /// <summary>Batches committed since start (each one transaction): commands ÷ batches is the group-commit factor.</summary>
    public long BatchesCommitted => Interlocked.Read(ref _batches);

    private long _batches;

    /// <summary>Completes once the book and balances are rebuilt from the database.</summary>
    public Task Ready => _ready.Task;

    /// <summary>
    /// Whether the writer is loading, running, or has faulted or stopped (with the reason). Orders run only while it
    /// is <see cref="WriterState.Running"/>; the health check reports it.
    /// </summary>
    public WriterStatus Status => _status;

    private volatile WriterStatus _status = WriterStatus.Loading;

    /// <summary>
    /// Runs <paramref name="work"/> on the writer and returns its result once the batch is durable. For reads of the
    /// writer's state (and test set-up): every change the product makes goes through <see cref="SubmitAsync{T}"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">On a follower: its state changes only by the leader's journal.</exception>
    public Task<T> ExecuteAsync<T>(Func<ExchangeSession, T> work, CancellationToken cancellationToken = default) =>
        Following
            ? throw new InvalidOperationException("This node follows the leader: work on the writer's state runs on the leader.")
            : Enqueue(new ExchangeRequest<T>(work), cancellationToken);

    /// <summary>
    /// Reads the writer's state with <paramref name="read"/> (which must change nothing) between commands and returns
    /// what it read. Unlike <see cref="ExecuteAsync{T}"/> it does not make the writer wait for the result tables.
    /// On a follower it reads the replica between two applications of the leader's journal.
    /// </summary>
    public Task<T> ReadAsync<T>(Func<ExchangeSession, T> read, CancellationToken cancellationToken = default) =>
        Following
            ? ReadReplicaAsync(read, cancellationToken)
            : Enqueue(new ExchangeRequest<T>(read) { ReadOnly = true }, cancellationToken);

    /// <summary>
    /// Applies <paramref name="command"/> on the writer with its handler (<see cref="CommandHandlers"/>), journals it,
    /// and returns the outcome once durable. <typeparamref name="T"/> is the handler's outcome type (see the
    /// dispatch table). Throws <see cref="IdempotencyConflictException"/> when its key was used for other terms.
    /// On a follower the leader applies it (<see cref="Cluster.CommandForwarder"/>) and the outcome is the leader's;
    /// <see cref="Cluster.LeaderUnavailableException"/> when no leader took it within <c>Cluster:ForwardTimeout</c>.
    /// </summary>
    public Task<T> SubmitAsync<T>(ExchangeCommand command, CancellationToken cancellationToken = default) =>
        Following ? ForwardAsync<T>(command, cancellationToken) : Enqueue(new ExchangeRequest<T>(command, (session, stamped) => (T)CommandHandlers.Apply(session, stamped)), cancellationToken);

    private Task<T> Enqueue<T>(ExchangeRequest<T> request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queued);
        if (!_requests.Writer.TryWrite(request))
        {
            Interlocked.Decrement(ref _queued);
            throw Refusal();
        }
        return request.Task.WaitAsync(cancellationToken);
    }

    // Why the queue is closed: another process took the writer (until this node follows it), this node follows now
    // (the request saw it lead just before the switch: send it again, and it goes to the leader), the exchange could
    // not load, or the app is stopping.
    private Exception Refusal() =>
        (Exception?)_fenced ?? (Exception?)_stopped ?? (Following
            ? new Cluster.LeaderUnavailableException("This node stopped leading the exchange as the request arrived and applied nothing; send it again.")
            : _status is { State: WriterState.Faulted, Reason: { } failed }
                ? new ExchangeStoppedException($"{failed.TrimEnd('.')}. Nothing was applied; the exchange takes requests again once restarted.")
                : ExchangeStoppedException.ShuttingDown());

    // Whether the queue takes requests: closed when the loop ends (RefuseQueued), opened again when this node leads.
    private volatile bool _queueOpen = true;

    // Set once another process took the writer from this one (WriterFence): the reason every later request is refused.
    private volatile WriterFencedException? _fenced;

    // Set once the exchange could not load: the reason every request is refused (none is left waiting on a queue that
    // nothing will read).
    private volatile ExchangeStoppedException? _stopped;

    // A fence met by a node of a cluster is a takeover it recovers from (it follows the new leader): a warning. A
    // process that cannot follow (SQLite, or a node without a lease) stops writing for good: critical.
    private void LogFenced(WriterFencedException fenced)
    {
        if (node is { CanFollow: true } && lease is not null)
            logger.LogWarning("This node lost the writer to another node ({Reason}); it stops writing and follows", fenced.Message);
        else
            logger.LogCritical(fenced, "This process lost the writer to another process; it stops writing");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            await RunAsync(stoppingToken);
            if (_fenced is null || stoppingToken.IsCancellationRequested || node is not { CanFollow: true })
                return;
            // Another node took the writer (this one was paused or cut off): follow it, as a node started now would,
            // and lead again only if its lease ends.
            logger.LogWarning("This node lost the writer to another node: it follows that node's journal from here on");
            _status = new WriterStatus(WriterState.Loading, "Lost the writer to another node; rejoining as a follower.");
            // The writer is another's now: drop this process's own view of the lease (its session may be one the server
            // already ended, which reads as open until used), so only the database decides when this node may lead again.
            // Done while the ended loop's queue still refuses requests with the fence's reason, so none waits on a queue
            // that nothing reads; a failure here only means the session was gone already.
            if (lease is not null)
            {
                try
                {
                    await lease.ReleaseAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(error, "Giving back the writer lease's session failed; following anyway");
                }
            }
            // The ended loop's queue stays closed while this node follows (commands go to the leader): a request that
            // saw this node lead just before the switch is refused, never left on a queue nothing reads. Taking the
            // lease again opens a new one (FollowAsync).
            _projection = null;
            node.Follow();
            _fenced = null;
            _leaseTaken = null;
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (node is { Following: true })
                await FollowAsync(stoppingToken);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // The token first: from here on, a process that held the writer before this one cannot commit again.
            Interlocked.Exchange(ref _fencingToken, await WriterFence.AdvanceAsync(dbFactory, stoppingToken));
            _state = await ExchangeLoader.LoadAsync(dbFactory, parameterDefaults, parameters.Current.Version, logger, stoppingToken, KeyRetention);
            PublishParameters();
            await LoadJournalAsync(stoppingToken);
            var replayed = await RecoverAsync(stoppingToken);
            progress.Restart(_journalSequence);
            _projection = new TradingProjection(database, progress, () => FencingToken, _writeTurn, WriterBusy, logger);
            _projection.Start();
            WakeWhenFenced(_projection);
            await OpenMissingWalletsAsync(stoppingToken);
            Start = new ExchangeStart(clock.GetUtcNow(), System.Diagnostics.Stopwatch.GetElapsedTime(started), _journalSequence, replayed)
            {
                ReplayedFrom = _state!.ProjectedSequence,
            };
            logger.LogInformation("Exchange started in {Milliseconds} ms at journal sequence {Sequence}; {Replayed} commands replayed after the result tables' sequence {From}",
                (long)Start.Duration.TotalMilliseconds, Start.JournalSequence, Start.Replayed, Start.ReplayedFrom);
            PublishBook();
            _status = WriterStatus.Running;
            _ready.TrySetResult();
            _writing.TrySetResult();
            if (node is { CanFollow: true } && lease is not null)
            {
                _leaseTaken = null;
                _ = KeepLeaseAsync(Interlocked.Increment(ref _leadership), stoppingToken);
            }
        }
        catch (Exception error) when (node is { CanFollow: true } && lease is not null && !stoppingToken.IsCancellationRequested
                                      && error is not OperationCanceledException)
        {
            // The writer lease was lost while this node loaded (it was paused past the silence limit, or the database
            // ended its sessions): a batch of the load (the journal's tail, missing wallets) met the fence, or failed as
            // its session was ended before a new writer's token moved. Not a failed start when the lease is gone: this
            // node follows, and leads again once it holds the lease.
            if (error is WriterFencedException || !await StillLeadsAsync(stoppingToken))
            {
                var fenced = error as WriterFencedException ?? new WriterFencedException(FencingToken);
                logger.LogWarning(error, "This node lost the writer lease while it was loading; it stops writing and follows");
                _fenced = fenced;
                _status = new WriterStatus(WriterState.Faulted, fenced.Message);
                RefuseQueued(fenced);
                if (_projection is { } loadingProjection)
                    await loadingProjection.StopAsync();
                await _writeTurn.DisposeAsync();
                return;
            }
            FailStart(error, stoppingToken);
            throw;
        }
        catch (Exception error)
        {
            FailStart(error, stoppingToken);
            throw;
        }

        var batch = new List<ExchangeRequest>(MaxBatch);
        try
        {
            while (await _requests.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _requests.Reader.TryRead(out var request))
                {
                    Interlocked.Decrement(ref _queued);
                    if (request is ReplayRequest replay)
                    {
                        if (batch.Count > 0)
                            await RunLiveBatchAsync(batch, stoppingToken);
                        batch.Clear();
                        await RunReplayAsync(replay, stoppingToken);
                        continue;
                    }
                    batch.Add(request);
                }
                if (batch.Count > 0)
                    await RunLiveBatchAsync(batch, stoppingToken);
            }
            _status = new WriterStatus(WriterState.Stopped, "The exchange loop ended: it takes no more work.");
        }
        catch (WriterFencedException fenced)
        {
            // Not a crash: the process stays up (its pages can still be read) and reports itself unhealthy, so an
            // orchestrator replaces it; every request from now on is refused with the same reason.
            _fenced = fenced;
            _status = new WriterStatus(WriterState.Faulted, fenced.Message);
        }
        catch (Exception error)
        {
            _status = Ended(error, stoppingToken, "The exchange loop failed");
            if (!stoppingToken.IsCancellationRequested || error is not OperationCanceledException)
                throw;
        }
        finally
        {
            RefuseQueued(_fenced ?? (Exception)new ExchangeStoppedException(
                _status.State == WriterState.Faulted
                    ? $"{(_status.Reason ?? "The exchange loop failed").TrimEnd('.')}. This request had not run; nothing was applied."
                    : "The exchange stopped before this request ran; nothing was applied."));
            // What was answered reaches the result tables before the process ends (a kill leaves it to the replay).
            if (_projection is { } projection)
                await projection.StopAsync();
            await _writeTurn.DisposeAsync();
        }
    }

    // The start failed for good: the reason every request is refused with, and the host's.
    private void FailStart(Exception error, CancellationToken stoppingToken)
    {
        _status = Ended(error, stoppingToken, "Loading the exchange from the database failed");
        _stopped = new ExchangeStoppedException($"{(_status.Reason ?? "The exchange did not load").TrimEnd('.')}. Nothing was applied.", error);
        RefuseQueued(_stopped);
        _ready.TrySetException(error);
        _writing.TrySetException(error);
    }

    // Whether this node still holds the writer lease (taking it back if the database ended its session and nobody
    // else took it); a renewal that cannot tell counts as held, so the failure it follows stops the start as before.
    private async Task<bool> StillLeadsAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await lease!.RenewAsync(stoppingToken);
        }
        catch (Exception renewal) when (renewal is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(renewal, "Checking the writer lease after a failed load failed");
            return true;
        }
    }

    // A projection stopped by the fence (this process answered trading, and another took the writer before the rows
    // were written) leaves the loop waiting for work it will refuse: a read is queued so that the loop meets the fence
    // now, ends, and this node follows the new writer.
    private void WakeWhenFenced(TradingProjection projection) =>
        _ = projection.Stopped.ContinueWith(stopped =>
        {
            if (projection.Failure is not WriterFencedException || !ReferenceEquals(_projection, projection))
                return;
            try
            {
                _ = Enqueue(new ExchangeRequest<long>(session => session.Sequence) { ReadOnly = true }, CancellationToken.None)
                    .ContinueWith(read => _ = read.Exception, TaskContinuationOptions.OnlyOnFaulted);
            }
            catch (Exception error) when (error is WriterFencedException or ExchangeStoppedException or Cluster.LeaderUnavailableException)
            {
                // The loop has already ended.
            }
        }, TaskScheduler.Default);

    // Closes the queue and fails what waits in it with the reason given: nothing will read it any more. Each refused
    // request leaves the queue depth, which the projection reads as "the writer is busy".
    private void RefuseQueued(Exception reason)
    {
        _queueOpen = false;
        _requests.Writer.TryComplete();
        while (_requests.Reader.TryRead(out var pending))
        {
            Interlocked.Decrement(ref _queued);
            pending.Fail(reason);
        }
    }

    private static DateTime WholeMicroseconds(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMicrosecond, at.Kind);

    private static WriterStatus Ended(Exception error, CancellationToken stoppingToken, string failure) =>
        error is OperationCanceledException && stoppingToken.IsCancellationRequested
            ? new WriterStatus(WriterState.Stopped, "The exchange stopped with the app.")
            : new WriterStatus(WriterState.Faulted, $"{failure}: {error.Message}");

    /// <summary>
    /// Applies journaled <paramref name="commands"/> (from this database's journal or another's) in their order, each
    /// at its recorded time and with its recorded sequence, through the same handlers, and journals them here: the
    /// state they produce is what they produced where they were first applied. The first must follow this journal's
    /// last sequence and each the one before, or the replay stops with an error and what was applied stays.
    /// </summary>
    public Task ReplayAsync(IReadOnlyList<ExchangeCommand> commands, CancellationToken cancellationToken = default)
    {
        var request = new ReplayRequest(commands);
        Interlocked.Increment(ref _queued);
        if (!_requests.Writer.TryWrite(request))
        {
            Interlocked.Decrement(ref _queued);
            throw Refusal();
        }
        return request.Task.WaitAsync(cancellationToken);
    }

    // Commands that were applied together share their time; each such run is replayed as one batch at that time.
    private async Task RunReplayAsync(ReplayRequest replay, CancellationToken stoppingToken)
    {
        try
        {
            await ApplyAgainAsync(replay.Commands, BatchKind.Replay, stoppingToken);
            replay.Complete();
        }
        catch (WriterFencedException fenced)
        {
            replay.Fail(fenced);
            throw;
        }
        catch (Exception error)
        {
            replay.Fail(error);
        }
    }

    private async Task ApplyAgainAsync(IReadOnlyList<ExchangeCommand> commands, BatchKind kind, CancellationToken stoppingToken)
    {
        for (var start = 0; start < commands.Count;)
        {
            var at = commands[start].At;
            var end = start;
            var group = new List<ExchangeRequest>();
            while (end < commands.Count && commands[end].At == at && group.Count < MaxBatch)
            {
                group.Add(new ExchangeRequest<object>(commands[end], CommandHandlers.Apply) { Replayed = true });
                end++;
            }
            if (await RunBatchAsync(group, stoppingToken, at, kind) is { } failed)
                throw new InvalidOperationException($"Replaying the command at sequence {commands[start].Sequence} failed.", failed.Error);
            start = end;
        }
    }

    // The journal after the result tables' checkpoint: commands answered before the process stopped whose results the
    // projection had not written yet. They are applied again, in order, at their recorded times, and their results
    // written, without journaling them a second time. Returns how many.
    private async Task<int> RecoverAsync(CancellationToken stoppingToken)
    {
        var from = _state!.ProjectedSequence;
        var to = _journalSequence;
        if (to <= from)
            return 0;
        logger.LogInformation("Replaying the journal from sequence {From} to {To} into the result tables", from + 1, to);
        // Readers wait for the tables to hold what was answered before the stop, as they would for the projection.
        progress.Commit(to);
        Interlocked.Exchange(ref _journalSequence, from);
        var replayed = 0;
        while (_journalSequence < to)
        {
            List<ExchangeCommand> commands;
            await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
            {
                var after = _journalSequence;
                var json = await db.Journal.AsNoTracking().Where(j => j.Sequence > after && j.Sequence <= to).OrderBy(j => j.Sequence)
                    .Take(50_000).Select(j => j.Command).ToListAsync(stoppingToken);
                commands = json.Select(CommandJson.Deserialize).ToList();
            }
            if (commands.Count == 0)
                throw new InvalidOperationException($"The journal ends at {_journalSequence}, before its last sequence {to}.");
            await ApplyAgainAsync(commands, BatchKind.Recover, stoppingToken);
            replayed += commands.Count;
        }
        return replayed;
    }

    // Live work: a request that throws fails alone. Its batch rolls back, and the others run again without it, so
    // orders that happened to queue behind a failing epoch close are not refused for it.
    private async Task RunLiveBatchAsync(List<ExchangeRequest> batch, CancellationToken stoppingToken)
    {
        try
        {
            // Another node took the writer while this one did not hold the lease (KeepLeaseAsync found it).
            if (LeaseTakenNow)
                throw new WriterFencedException(FencingToken);
            while (batch.Count > 0 && await RunBatchAsync(batch, stoppingToken) is { Culprit: { } culprit })
            {
                // The others run again from scratch: an answer from an idempotency key used earlier in the rolled-back
                // batch is no longer true, so every answer is worked out again.
                batch.Remove(culprit);
            }
        }
        catch (Exception error)
        {
            // What ends the loop (a connection that would not open for the batch, among others) answers the batch's
            // callers too: each is failed with it unless already answered, never left waiting on a loop that has ended.
            foreach (var request in batch)
                request.Fail(error);
            throw;
        }
    }

    // What rolled a batch back: the error, and the request to blame when only it has been failed and the rest of
    // the batch should run again.
    private readonly record struct BatchFailure(Exception Error, ExchangeRequest? Culprit);

    // Runs one batch; returns what rolled it back, or null once it committed. A replayed batch is all or nothing.
    private async Task<BatchFailure?> RunBatchAsync(List<ExchangeRequest> batch, CancellationToken stoppingToken, DateTime? replayAt = null,
        BatchKind kind = BatchKind.Live)
    {
        // Trading alone is written behind the journal; a batch that also writes economy rows (or runs arbitrary work)
        // writes its results in its own transaction, after the projection has written everything before it.
        var behind = kind == BatchKind.Live && ProjectsBehind(batch);
        if (_projection is not null && (!behind || _projection.Failure is not null))
        {
            try
            {
                await DrainAsync(stoppingToken);
            }
            catch (Exception error)
            {
                // The projection stopped: nothing more is answered, and the loop ends (a restart replays the journal).
                foreach (var request in batch)
                    request.Fail(error);
                throw;
            }
        }
        var state = _state!;
        using var activity = Operations.Telemetry.ExchangeMetrics.Source.StartActivity("exchange.batch");
        activity?.SetTag("xpflywheel.batch.size", batch.Count);
        var batchStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        var events = new List<ExchangeEvent>();
        // Whole microseconds: the finest time both providers store (PostgreSQL's timestamps), so what the writer
        // holds in memory and what it wrote (and replays) are the same instant.
        var now = replayAt ?? WholeMicroseconds(clock.GetUtcNow().UtcDateTime);
        Volatile.Write(ref _waitingForTurn, true);
        using var turn = await _writeTurn.TakeAsync();
        Volatile.Write(ref _waitingForTurn, false);
        // A batch that has begun runs to its commit: a graceful stop ends the loop before the next one, and cancelling
        // this one would only roll back work its callers are waiting for (and log a failure for a normal stop).
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await _writeTurn.AttachAsync(db, CancellationToken.None);
        var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var journal = new ExchangeJournal(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        var session = new ExchangeSession(state, journal, () => db, now, events) { Sequence = _journalSequence };
        var wasHalted = state.Engine.IsHalted;
        var firstSequence = _journalSequence;
        var journaled = new List<ExchangeCommand>();
        // Where the ledger's posting sequence stood after each command whose rows go with its journal row (followers
        // apply those postings instead of reloading: JournalEntry.NextPostingSequence).
        var nextPostings = new Dictionary<long, long>();
        var newKeys = new Dictionary<(string, string), IdempotencyEntry>();
        ExchangeRequest? running = null;
        foreach (var request in batch)
            request.ClearAnswer();
        try
        {
            // First, and held to the commit: a process that took the writer after this one makes this batch fail
            // here, before anything is written; a takeover that starts now waits for this batch to end.
            WriterFence.Check(db.Database.GetDbConnection(), transaction.GetDbTransaction(), FencingToken);
            foreach (var request in batch)
            {
                if (request.Command is { } command && !Admit(request, command, now, newKeys, journaled))
                    continue;
                running = request;
                // The audit entries an admin's command writes name the address the admin acted from: stamped as they
                // are saved, for every handler, from the journaled command, so a replay writes the same entries.
                db.AuditAddress = request.Command?.By.Address;
                request.Run(session);
                if (request.Command is { IdempotencyKey: { } key } applied && request.Accepted)
                {
                    newKeys[(applied.By.Scope, key)] = new IdempotencyEntry
                    {
                        Scope = applied.By.Scope, Key = key, Sequence = applied.Sequence, Terms = applied.Terms(),
                        Outcome = request.OutcomeJson(), ExpiresAt = now + KeyRetention,
                    };
                }
                LedgerWriter.Collect(session);
                if (request.Command is { } ran && !IsTrading(ran))
                    nextPostings[ran.Sequence] = state.Ledger.NextPostingSequence;
                if (db.ChangeTracker.HasChanges())
                    await db.SaveChangesAsync(CancellationToken.None);
                db.AuditAddress = null;
                // Each unit of work starts with an empty change tracker: what the last one changed is saved (in this
                // transaction), and every entity left tracked would be scanned again by each later unit's change
                // detection, so a batch of n jobs cost O(n²) (62% of the writer's time in a 512-job batch). Orders
                // track nothing (their results are rows for the projection), so their units skip it.
                if (request.Command is not { } unit || !IsTrading(unit))
                    db.ChangeTracker.Clear();
            }
            running = null;
            LedgerWriter.Write(session);
            // Read in the batch's transaction, after its last save: the escrow as this batch leaves it.
            if (session.EscrowOperators.Count > 0)
                await state.Escrow.RefreshAsync(db, session.EscrowOperators, CancellationToken.None);
            if (kind != BatchKind.Recover && now >= _nextKeyPurge)
            {
                journal.PurgeIdempotencyKeys(now);
                // Client order ids past their retention leave the engine and the table in the same step.
                var forgotten = new List<(long OperatorId, string ClientOrderId)>();
                state.Engine.ForgetExpiredClientOrderIds(new DateTimeOffset(now).ToUnixTimeMilliseconds(), forgotten);
                session.Rows.ForgetClientOrders(forgotten);
                _nextKeyPurge = now + TimeSpan.FromMinutes(1);
            }
            session.Rows.MarketState(state);
            session.Rows.LastSequence = _journalSequence;
            if (!behind)
                session.Rows.WriteTo(journal);
            if (kind != BatchKind.Recover)
            {
                journal.WriteCommands(journaled, nextPostings);
                journal.WriteIdempotencyKeys(newKeys.Values);
                if (journaled.Count > 0)
                    journal.Notify(Cluster.ClusterNode.JournalChannel);
            }
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (WriterFencedException fenced)
        {
            // Another process is the writer now: write nothing more, answer nobody with success, and end the loop
            // (the process reports itself unhealthy with the reason).
            LogFenced(fenced);
            await transaction.RollbackAsync(CancellationToken.None);
            foreach (var request in batch)
                request.Fail(fenced);
            throw;
        }
        catch (Exception error)
        {
            Operations.Telemetry.ExchangeMetrics.BatchFailures.Add(1);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error.GetType().Name);
            logger.LogError(error, "An exchange batch of {Count} requests failed; rolling back and reloading state", batch.Count);
            try
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception rollbackError)
            {
                // The connection is gone (the database restarted or dropped it): the server rolls back on its side.
                logger.LogWarning(rollbackError, "Rolling back the failed batch failed; the database ends the transaction with the connection");
            }
            // The tables must hold every committed batch before state is read back from them: the projection needs
            // the write turn for that, so it is given back first, with nothing of this batch left on the connection,
            // which is closed (the next turn opens a fresh one).
            journal.Dispose();
            await transaction.DisposeAsync();
            await _writeTurn.ResetAsync();
            turn.Dispose();
            if (_projection is not null)
            {
                try
                {
                    await DrainAsync(CancellationToken.None);
                }
                catch (Exception drainError)
                {
                    foreach (var request in batch)
                        request.Fail(drainError);
                    throw;
                }
            }
            try
            {
                _state = await ReloadUntilAvailableAsync(stoppingToken);
            }
            catch (WriterFencedException fenced)
            {
                // The batch failed for another reason (the session was cut while this process was paused) and another
                // process writes now: the tables hold its state, under sequences this process never had. Nothing is
                // read back or published; this process stops writing as a fenced batch does.
                LogFenced(fenced);
                Interlocked.Exchange(ref _journalSequence, firstSequence);
                foreach (var request in batch)
                    request.Fail(fenced);
                throw;
            }
            PublishParameters();
            Interlocked.Exchange(ref _journalSequence, firstSequence);
            PublishBook();
            // The request whose own work or write threw is to blame; a failure in the batch's shared write (postings,
            // balances, commit), in a replay, or at shutdown is everyone's.
            if (replayAt is null && running is not null && batch.Count > 1 && !stoppingToken.IsCancellationRequested)
            {
                running.Fail(error);
                return new BatchFailure(error, running);
            }
            foreach (var request in batch)
                request.Fail(error);
            return new BatchFailure(error, null);
        }

        finally
        {
            journal.Dispose();
            await transaction.DisposeAsync();
        }

        Operations.Telemetry.ExchangeMetrics.BatchSize.Record(batch.Count);
        Operations.Telemetry.ExchangeMetrics.BatchDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(batchStarted).TotalSeconds);
        if (Operations.Telemetry.ExchangeMetrics.Commands.Enabled)
        {
            foreach (var command in journaled)
                Operations.Telemetry.ExchangeMetrics.Commands.Add(1, new KeyValuePair<string, object?>("command", command.GetType().Name));
        }
        activity?.SetTag("xpflywheel.journal.sequence", _journalSequence);
        foreach (var (scope, entry) in newKeys)
            _keys[scope] = entry;
        if (_nextKeyPurge == now + TimeSpan.FromMinutes(1))
        {
            foreach (var expired in _keys.Where(k => k.Value.ExpiresAt <= now).Select(k => k.Key).ToList())
                _keys.Remove(expired);
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Exchange(ref _lastBatchEnded, System.Diagnostics.Stopwatch.GetTimestamp());
        // A batch answered wholly from idempotency keys changed nothing: it has nothing for the projection (its rows
        // would carry a checkpoint the tables have passed).
        if (behind && journaled.Count > 0)
        {
            progress.Commit(_journalSequence);
            try
            {
                await _projection!.EnqueueAsync(session.Rows, stoppingToken);
            }
            catch (Exception error) when (error is System.Threading.Channels.ChannelClosedException or OperationCanceledException)
            {
                // The projection failed, or the app is stopping: the batch is durable and its callers are answered;
                // its results are written by the replay at the next start. A failed projection stops the next batch.
            }
        }
        else if (!behind && kind != BatchKind.Recover)
        {
            progress.Reset(_journalSequence);
        }
        // Before anyone is answered: a caller that awaited an economy command already sees the version it moved.
        if (!behind)
            Interlocked.Increment(ref _economyVersion);
        if (kind == BatchKind.Recover)
            return null;
        // Publish first, so a caller that awaited its result already sees the book and data it produced.
        Publish(session, events, wasHalted);
        foreach (var request in batch)
            request.Complete();
        return null;
    }

    // State read back after a failed batch. When the database itself is away (restarting, unreachable) the writer
    // waits for it rather than stop: commands queue meanwhile and run once it answers.
    private async Task<ExchangeState> ReloadUntilAvailableAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Tables another writer has moved on are not this process's state to go on from: checked before the
                // read, and again after it, for a takeover that landed while it ran.
                await WriterFence.ThrowIfStaleAsync(dbFactory, FencingToken, CancellationToken.None);
                var state = await ExchangeLoader.LoadAsync(dbFactory, parameterDefaults, parameters.Current.Version, logger, CancellationToken.None, KeyRetention);
                await WriterFence.ThrowIfStaleAsync(dbFactory, FencingToken, CancellationToken.None);
                return state;
            }
            catch (Exception error) when (error is not WriterFencedException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Reading the exchange back from the database failed (attempt {Attempt}); trying again", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2_000, 100 * attempt)), CancellationToken.None);
            }
        }
    }

    // Numbers and stamps a command for the journal, or answers it at once from its idempotency key. False when answered.
    private bool Admit(ExchangeRequest request, ExchangeCommand command, DateTime now,
        Dictionary<(string, string), IdempotencyEntry> newKeys, List<ExchangeCommand> journaled)
    {
        // A replayed command was applied where it was journaled: a key it carries was first used there.
        if (command.IdempotencyKey is { } key && !request.Replayed)
        {
            var id = (command.By.Scope, key);
            if (newKeys.TryGetValue(id, out var earlier) || _keys.TryGetValue(id, out earlier) && earlier.ExpiresAt > now)
            {
                if (earlier.Terms == command.Terms())
                    request.AnswerWith(earlier.Outcome);
                else
                    request.Refuse(new IdempotencyConflictException(key));
                return false;
            }
        }
        if (request.Replayed)
        {
            if (command.Sequence != _journalSequence + 1)
                throw new InvalidOperationException($"The journal to replay jumps from sequence {_journalSequence} to {command.Sequence}.");
            Interlocked.Exchange(ref _journalSequence, command.Sequence);
            journaled.Add(command);
            return true;
        }
        var stamped = command with { Sequence = Interlocked.Increment(ref _journalSequence), At = now };
        request.Command = stamped;
        journaled.Add(stamped);
        return true;
    }

    // Busy: a batch waits for the write lock, commands wait, or a batch ended within the last few milliseconds
    // (callers answered then are sending more).
    private bool WriterBusy() =>
        Volatile.Read(ref _waitingForTurn) || QueueDepth > 0
        || System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastBatchEnded)) < TimeSpan.FromMilliseconds(5);

    private bool _waitingForTurn;

    private long _lastBatchEnded;

    // Commands whose results are only orders, trades, postings and balances: their batches are projected behind.
    private static bool ProjectsBehind(List<ExchangeRequest> batch)
    {
        foreach (var request in batch)
        {
            if (request is { Command: null, ReadOnly: true })
                continue;
            if (request.Command is not (SubmitOrder or ReplaceOrder or CancelOrder or CancelAllOrders))
                return false;
        }
        return true;
    }

    // Waits until the result tables hold every committed batch; throws if the projection stopped.
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var projection = _projection!;
        if (projection.Failure is null && progress.Lag == 0)
            return;
        await Task.WhenAny(progress.CaughtUpAsync(cancellationToken).AsTask(), projection.Stopped);
        // A projection stopped by the fence means this process lost the writer: the loop ends as fenced (and follows).
        if (projection.Failure is WriterFencedException fenced)
            throw new WriterFencedException(fenced.Token);
        if (projection.Failure is { } failure)
            throw new InvalidOperationException("Writing trading results behind the journal failed; restart to replay the journal.", failure);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private enum BatchKind
    {
        /// <summary>New work from callers.</summary>
        Live,
        /// <summary>Commands of another journal (or this one's start), applied and journaled here.</summary>
        Replay,
        /// <summary>This journal's own tail after the result tables' checkpoint: applied and its results written, not journaled again.</summary>
        Recover,
    }

    // The journal's last sequence and the idempotency keys still within their retention.
    private async Task LoadJournalAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        _journalSequence = await db.Journal.MaxAsync(j => (long?)j.Sequence, cancellationToken) ?? 0;
        var now = clock.GetUtcNow().UtcDateTime;
        _keys.Clear();
        await foreach (var entry in db.IdempotencyKeys.AsNoTracking().Where(k => k.ExpiresAt > now).AsAsyncEnumerable().WithCancellation(cancellationToken))
            _keys[(entry.Scope, entry.Key)] = entry;
        logger.LogInformation("Journal at sequence {Sequence}; {Keys} idempotency keys within their retention", _journalSequence, _keys.Count);
    }

    // Users without a wallet: the first admin (created before the writer runs) and any sign-up that stopped between the
    // user and the wallet. Their wallets open here, journaled like every other, before anyone is answered.
    private async Task OpenMissingWalletsAsync(CancellationToken cancellationToken)
    {
        List<string> missing;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            missing = await db.Users.Where(u => !db.Wallets.Any(w => w.UserId == u.Id)).Select(u => u.Id).OrderBy(id => id).ToListAsync(cancellationToken);
        foreach (var chunk in missing.Chunk(MaxBatch))
        {
            var batch = chunk.Select(ExchangeRequest (userId) => new ExchangeRequest<object>(
                new OpenWallet(userId) { By = Account.OperatorRegistration.SignUp }, CommandHandlers.Apply)).ToList();
            await RunLiveBatchAsync(batch, cancellationToken);
        }
        if (missing.Count > 0)
            logger.LogInformation("Opened {Count} wallets for users who had none", missing.Count);
    }

    private void Publish(ExchangeSession session, List<ExchangeEvent> events, bool wasHalted)
    {
        var at = new DateTimeOffset(session.Now);
        // Parameters first: a subscriber handling any later event of this batch already reads the new set. Then the
        // book, carrying the batch's trade prints, before the trades themselves: whoever hears of a trade already reads
        // the book it left, and market data moves book, tape and ticker as one step. The book goes out after every
        // batch, even one that left it as it was (a job, a burn): its number is then the journal sequence the node has
        // applied, which the leader, every follower and a node that just started all agree on (an unchanged book
        // makes no delta for the hubs, only a new number for REST and the next snapshot).
        if (session.ParametersChanged)
            PublishParameters();
        PublishBook(session.Prints.ToArray(), at, moved: session.BookTouched || session.Fills.Count > 0 || wasHalted != session.Engine.IsHalted);
        if (session.Fills.Count > 0)
            feed.Publish(new TradesExecuted(session.Fills.ToArray(), at));
        if (wasHalted != session.Engine.IsHalted)
            feed.Publish(new MarketStateChanged(session.Engine.IsHalted));
        if (session.OperatorsWithOrderChanges.Count > 0)
            feed.Publish(new OrdersChanged(session.OperatorsWithOrderChanges.ToArray()));
        if (session.TouchedOperators.Count > 0)
            feed.Publish(new BalancesChanged(session.TouchedOperators.ToArray()));
        if (session.OrderChanges.Count > 0 || session.TouchedOperators.Count > 0)
        {
            var balances = new WalletBalances[session.TouchedOperators.Count];
            var i = 0;
            foreach (var operatorId in session.TouchedOperators)
                balances[i++] = session.Wallet(operatorId);
            feed.Publish(new AccountActivity(_journalSequence, at, session.OrderChanges.ToArray(), balances));
        }
        foreach (var exchangeEvent in events)
            feed.Publish(exchangeEvent);
    }

    private void PublishParameters()
    {
        var current = _state!.Parameters;
        parameters.Publish(current);
        feed.Publish(new ParametersChanged(current));
    }

    // The book is numbered with the journal sequence of the last command applied (to it or not), so its number is the
    // one every node (REST, hub snapshot, hub deltas) shares, and it never goes back, not even across a restart.
    private void PublishBook(IReadOnlyList<TradePrint>? trades = null, DateTimeOffset? at = null, bool moved = true)
    {
        var engine = _state!.Engine;
        Span<DepthLevel> levels = stackalloc DepthLevel[BookSnapshot.Depth];
        var bids = levels[..engine.Depth(Side.Buy, levels)].ToArray();
        var asks = levels[..engine.Depth(Side.Sell, levels)].ToArray();
        var snapshot = new BookSnapshot(_journalSequence, bids, asks, engine.LastTradePrice, engine.ReferencePrice, engine.IsHalted, at ?? clock.GetUtcNow());
        feed.Publish(new BookChanged(snapshot, trades ?? [], moved));
    }
}
