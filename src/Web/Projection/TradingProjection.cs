using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Projection;

/// <summary>
/// Writes the result rows of trading batches (orders, trades, client order ids, postings, balances, the engine's
/// counters) behind the journal: the writer commits a batch's commands, answers and hands the rows here; this loop
/// writes whatever has queued in one transaction of its own, with the checkpoint (<c>MarketState.ProjectedSequence</c>)
/// and the writer's fencing check, then advances <see cref="ProjectionProgress.Projected"/>. At most
/// <see cref="Capacity"/> batches wait; a writer ahead by that much waits for room (back-pressure). After a crash the
/// writer replays the journal after the checkpoint, so rows lost with the process are written again.
/// </summary>
/// <param name="writeTurn">The database's write lock and connection, taken in turns with the writer (see <see cref="WriteTurn"/>).</param>
/// <param name="writerBusy">Whether the writer is busy (commands wait, or it just answered some): the projection then defers its writes.</param>
internal sealed class TradingProjection(WriterDatabase database, ProjectionProgress progress, Func<long> fencingToken, WriteTurn writeTurn,
    Func<bool> writerBusy, ILogger logger)
{
    /// <summary>Batches that may wait to be written (each up to <see cref="ExchangeHost.MaxBatch"/> commands).</summary>
    public const int Capacity = 1_024;

    /// <summary>
    /// Batches written in one transaction at most. Row writes cost less per row in large transactions, and every
    /// transaction takes the database's one write lock from the writer for its length, so the projection gathers
    /// what queued for up to <see cref="Gather"/> before it writes.
    /// </summary>
    public const int BatchesPerTransaction = 8;

    /// <summary>
    /// Batches the projection lets queue while the writer is busy and nobody waits to read (~20,000–30,000 commands):
    /// bursts up to that size go at the journal's pace, and a read that arrives then waits for at most that much.
    /// </summary>
    public const int DeferUpTo = 64;

    /// <summary>How long the projection lets batches gather before a write (unless a full transaction's worth waits), and
    /// how often it looks again while the writer is busy.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(10);

    private readonly Channel<ProjectionRows> _queue = Channel.CreateBounded<ProjectionRows>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private Task? _loop;

    /// <summary>Completes when the loop ends (stopped or failed).</summary>
    public Task Stopped => _loop ?? Task.CompletedTask;

    /// <summary>Why the projection stopped, if it failed: the writer stops taking work and a restart replays.</summary>
    public Exception? Failure { get; private set; }

    private readonly SemaphoreSlim _writing = new(1, 1);

    /// <summary>
    /// Holds the projection before its next write until the returned handle is disposed: the result tables stay where
    /// they are while the writer goes on answering, as after a crash between the two (tests of the replay at start).
    /// </summary>
    internal async Task<IDisposable> HoldAsync() => await Held.TakeAsync(_writing);

    // Set by StopAsync: from then on the loop writes what is queued without waiting for the writer.
    private bool _stopping;

    /// <summary>Starts the loop; it ends after <see cref="StopAsync"/> has written what was queued, or on a failure.</summary>
    public void Start() => _loop = Task.Run(RunAsync, CancellationToken.None);

    /// <summary>Queues a committed batch's rows; waits while <see cref="Capacity"/> batches are already waiting.</summary>
    public ValueTask EnqueueAsync(ProjectionRows rows, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(rows, cancellationToken);

    /// <summary>Writes what is queued and stops (a graceful shutdown leaves the tables at the journal's end).</summary>
    public async Task StopAsync()
    {
        Volatile.Write(ref _stopping, true);
        _queue.Writer.TryComplete();
        if (_loop is { } loop)
            await loop;
    }

    private async Task RunAsync()
    {
        var pending = new List<ProjectionRows>();
        try
        {
            // Not cancelled by the stopping token: what was answered is written before the process ends.
            while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
            {
                pending.Clear();
                // The writer first: while it is busy, the projection writes only once DeferUpTo batches wait or someone
                // waits to read the tables. Otherwise it gathers for a moment, so rows go out in fewer, larger transactions.
                var waited = TimeSpan.Zero;
                // Once stopping, what is queued is written at once: the writer has stopped, whatever it last reported.
                while (!Volatile.Read(ref _stopping) && !_queue.Reader.Completion.IsCompleted
                       && (writerBusy() && !progress.HasWaiters
                           ? _queue.Reader.Count < DeferUpTo
                           : _queue.Reader.Count < BatchesPerTransaction && waited < Gather && !progress.HasWaiters))
                {
                    await Task.Delay(Gather, CancellationToken.None);
                    waited += Gather;
                }
                while (pending.Count < BatchesPerTransaction && _queue.Reader.TryRead(out var rows))
                    pending.Add(rows);
                await _writing.WaitAsync();
                try
                {
                    await WriteWithRetriesAsync(pending);
                }
                finally
                {
                    _writing.Release();
                }
                progress.Advance(pending[^1].LastSequence);
            }
        }
        catch (Exception error)
        {
            Failure = error;
            _queue.Writer.TryComplete(error);
            progress.Fault(error);
            if (error is Data.WriterFencedException)
                // Another process writes now (a takeover): its writer has the journal and writes these results itself.
                logger.LogWarning("Trading results from sequence {Sequence} were not written: another process holds the writer ({Reason})",
                    progress.Projected + 1, error.Message);
            else
                logger.LogCritical(error, "Writing trading results behind the journal failed at sequence {Sequence}; the writer stops and a restart replays the journal from {Projected}",
                    pending.Count > 0 ? pending[^1].LastSequence : 0, progress.Projected);
        }
    }

    /// <summary>How long the projection retries a write that failed for a reason outside it (a database that went away).</summary>
    private static readonly TimeSpan RetryFor = TimeSpan.FromMinutes(2);

    // A write that fails because the database went away (a restart, a dropped connection) is tried again until it
    // comes back, so a short outage does not stop the writer. A write whose commit was in doubt is not written twice:
    // the checkpoint in the tables tells whether it landed. A stale writer (fenced) and anything else that persists
    // past RetryFor stop the projection as before.
    private async Task WriteWithRetriesAsync(List<ProjectionRows> batches)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (attempt > 1 && await CheckpointAsync() >= batches[^1].LastSequence)
                    return;
                await WriteAsync(batches);
                return;
            }
            catch (Exception error) when (error is not Data.WriterFencedException
                                          && System.Diagnostics.Stopwatch.GetElapsedTime(started) < RetryFor)
            {
                logger.LogWarning(error, "Writing trading results through sequence {Sequence} failed (attempt {Attempt}); trying again", batches[^1].LastSequence, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2_000, 100 * attempt)));
            }
        }
    }

    private async Task<long> CheckpointAsync()
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return await db.MarketState.AsNoTracking().MaxAsync(m => (long?)m.ProjectedSequence) ?? 0;
    }

    private async Task WriteAsync(List<ProjectionRows> batches)
    {
        using var turn = await writeTurn.TakeAsync();
        try
        {
            await using var db = await database.Factory.CreateDbContextAsync();
            await writeTurn.AttachAsync(db, CancellationToken.None);
            // On SQLite the results commit without their own fsync (synchronous=NORMAL in WAL mode): they are rebuilt
            // from the journal after the checkpoint, and the WAL is written in order, so a crash that loses them loses
            // nothing after them; the writer's next journal commit (FULL) makes them durable with it. This left the
            // writer more of the disk: 11,700-12,700 → 13,100-13,700 commands/s through the host (docs/benchmarks.md).
            var sqlite = db.Database.IsSqlite();
            if (sqlite)
                await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;");
            await using var transaction = await db.Database.BeginTransactionAsync();
            var journal = new ExchangeJournal(db.Database.GetDbConnection(), transaction.GetDbTransaction());
            try
            {
                // A process that lost the writer to another writes nothing more, not even results it answered.
                WriterFence.Check(db.Database.GetDbConnection(), transaction.GetDbTransaction(), fencingToken());
                foreach (var rows in batches)
                    rows.WriteTo(journal);
                // Followers' readers wait for the tables to reach what they were answered.
                journal.Notify(Cluster.ClusterNode.JournalChannel);
                await transaction.CommitAsync();
            }
            finally
            {
                journal.Dispose();
            }
            // Back to FULL for the writer's journal commits on this shared connection (a failed write never gets here:
            // the catch below closes the connection, and a new one starts at FULL).
            if (sqlite)
                await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=FULL;");
        }
        catch
        {
            await writeTurn.ResetAsync();
            throw;
        }
    }
}
