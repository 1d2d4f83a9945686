using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using XpFlywheel.Core.Commands;
using XpFlywheel.Web.Projection;

namespace XpFlywheel.Web.Cluster;

/// <summary>
/// A follower's way to the leader: a command goes into the database's <c>CommandInbox</c> (and the inbox channel is
/// signalled), the leader's <see cref="InboxRelay"/> applies it and stores the answer, and this forwarder hands it back
/// to the caller. Through the database rather than a direct call because the database is what every node already
/// shares and trusts: no node needs another's address, a leader that takes over finds what its predecessor left, and
/// the answer is durable before anyone reads it (docs/benchmarks.md measures the cost).
/// <para>
/// A command without an idempotency key gets one (<c>fwd:</c> and a random id), so a leader that takes over and
/// finds it claimed but unanswered by the old one answers it from the key rather than apply it twice.
/// </para>
/// </summary>
public sealed class CommandForwarder(WriterDatabase database, ClusterSignals signals, IConfiguration configuration,
    TimeProvider clock, ILogger<CommandForwarder> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<ForwardedAnswer>> _waiting = new();
    private readonly SemaphoreSlim _work = new(0);
    private readonly System.Threading.Channels.Channel<Outgoing> _outbox =
        System.Threading.Channels.Channel.CreateUnbounded<Outgoing>(new() { SingleReader = true });

    // A command on its way into the inbox: the id comes back once its row is written.
    private sealed record Outgoing(string Json, TaskCompletionSource<long> Inserted);

    /// <summary>How long a caller waits for a leader to take its command: <c>Cluster:ForwardTimeout</c>, 30 s by default.</summary>
    public TimeSpan Timeout { get; } = configuration.GetValue<TimeSpan?>("Cluster:ForwardTimeout") ?? TimeSpan.FromSeconds(30);

    /// <summary>Commands handed to the leader and not answered yet.</summary>
    public int Waiting => _waiting.Count;

    private readonly ConcurrentDictionary<long, long> _since = new();

    /// <summary>
    /// How long the oldest unanswered command has waited for the leader (zero when none waits): a leader that holds
    /// the lease but applies nothing (hung, paused) shows here, and the follower's health degrades on it. A command
    /// withdrawn after <see cref="Timeout"/>, with none answered since, keeps the wait at least that long for another
    /// timeout, so the health does not turn healthy while the leader may still be hung.
    /// </summary>
    public TimeSpan OldestWait
    {
        get
        {
            var oldest = long.MaxValue;
            foreach (var started in _since.Values)
                oldest = Math.Min(oldest, started);
            var waited = oldest == long.MaxValue ? TimeSpan.Zero : System.Diagnostics.Stopwatch.GetElapsedTime(oldest);
            // A command withdrawn unanswered, with none answered since, counts as waited for the whole timeout until
            // an answer comes (for at most another timeout): the wait does not drop to zero while the leader is still
            // hung just because its waiting commands were withdrawn.
            var withdrawn = Interlocked.Read(ref _lastWithdrawn);
            if (withdrawn > Interlocked.Read(ref _lastAnswered) && System.Diagnostics.Stopwatch.GetElapsedTime(withdrawn) < Timeout)
                waited = TimeSpan.FromTicks(Math.Max(waited.Ticks, (Timeout + System.Diagnostics.Stopwatch.GetElapsedTime(withdrawn)).Ticks));
            return waited;
        }
    }

    /// <summary>Whether a command sent to the leader waits for its answer now (not only one withdrawn unanswered).</summary>
    public bool AnyWaiting => !_since.IsEmpty;

    // When a caller last got an answer, and when a command was last withdrawn unanswered (Stopwatch timestamps).
    private long _lastAnswered;
    private long _lastWithdrawn;

    /// <summary>
    /// Hands <paramref name="command"/> to the leader and returns its answer. If no leader takes it within
    /// <see cref="Timeout"/> (or the caller gives up first) it is withdrawn: <see cref="LeaderUnavailableException"/>
    /// (or the cancellation). Once a leader has taken it, the caller waits for the answer. Commands that arrive
    /// together go into the inbox in one statement.
    /// </summary>
    public async Task<ForwardedAnswer> ForwardAsync(ExchangeCommand command, CancellationToken cancellationToken)
    {
        var keyed = command.IdempotencyKey is null ? command with { IdempotencyKey = "fwd:" + Guid.NewGuid().ToString("N") } : command;
        var outgoing = new Outgoing(CommandJson.Serialize(keyed), new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_outbox.Writer.TryWrite(outgoing))
            throw new LeaderUnavailableException("This node is stopping; the command was not sent.");
        var id = await outgoing.Inserted.Task.WaitAsync(cancellationToken);
        var answer = new TaskCompletionSource<ForwardedAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = answer;
        _since[id] = System.Diagnostics.Stopwatch.GetTimestamp();
        _work.Release();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                return await answer.Task.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!answer.Task.IsCompleted)
            {
                if (await WithdrawAsync(id))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // No leader took it within the timeout (not a caller that gave up): the follower's health says so.
                    Interlocked.Exchange(ref _lastWithdrawn, System.Diagnostics.Stopwatch.GetTimestamp());
                    throw new LeaderUnavailableException(
                        $"No leader took the command within {Timeout.TotalSeconds:0} s (none runs, or one is taking over); it was withdrawn and applied nothing.");
                }
                // A leader took it: its answer comes, whatever the caller's patience.
                return await answer.Task.WaitAsync(Timeout * 2, CancellationToken.None);
            }
        }
        finally
        {
            _waiting.TryRemove(id, out _);
            _since.TryRemove(id, out _);
        }
    }

    // Writes what waits in the outbox, up to 512 rows a statement, and signals the leader once per statement.
    private async Task InsertAsync(CancellationToken stoppingToken)
    {
        try
        {
            await InsertBatchesAsync(stoppingToken);
        }
        finally
        {
            _outbox.Writer.TryComplete();
            while (_outbox.Reader.TryRead(out var left))
                left.Inserted.TrySetException(new LeaderUnavailableException("This node is stopping; the command was not sent."));
        }
    }

    private async Task InsertBatchesAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Outgoing>(512);
        while (await _outbox.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < 512 && _outbox.Reader.TryRead(out var next))
                batch.Add(next);
            try
            {
                await using var db = await database.Factory.CreateDbContextAsync(stoppingToken);
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                await connection.OpenAsync(stoppingToken);
                await using var insert = new NpgsqlCommand(
                    """
                    INSERT INTO "CommandInbox" ("Command","CreatedAt","ClaimedBy","Withdrawn","Sequence")
                    SELECT t.c, @at, 0, false, 0 FROM unnest(@commands) WITH ORDINALITY AS t(c, n) ORDER BY t.n
                    RETURNING "Id", "Command";
                    NOTIFY xpf_inbox;
                    """, connection);
                insert.Parameters.AddWithValue("at", clock.GetUtcNow().UtcDateTime);
                insert.Parameters.AddWithValue("commands", batch.Select(b => b.Json).ToArray());
                // Matched by their text: two identical commands (same key) are interchangeable.
                var byText = batch.GroupBy(b => b.Json).ToDictionary(g => g.Key, g => new Queue<Outgoing>(g));
                await using var reader = await insert.ExecuteReaderAsync(stoppingToken);
                while (await reader.ReadAsync(stoppingToken))
                {
                    if (byText.TryGetValue(reader.GetString(1), out var waiting) && waiting.TryDequeue(out var outgoing))
                        outgoing.Inserted.TrySetResult(reader.GetInt64(0));
                }
                foreach (var left in byText.Values.SelectMany(q => q))
                    left.Inserted.TrySetException(new InvalidOperationException("The inbox did not return the command's row."));
            }
            catch (Exception error)
            {
                if (error is not OperationCanceledException)
                    logger.LogWarning(error, "Writing {Count} commands to the leader's inbox failed", batch.Count);
                foreach (var outgoing in batch)
                    outgoing.Inserted.TrySetException(error is OperationCanceledException
                        ? new LeaderUnavailableException("This node is stopping; the command was not sent.")
                        : new LeaderUnavailableException("The command could not be handed to the leader: " + error.Message));
                if (stoppingToken.IsCancellationRequested)
                    return;
            }
        }
    }

    // True when nobody had taken it: it is never applied.
    private async Task<bool> WithdrawAsync(long id)
    {
        await using var db = await database.Factory.CreateDbContextAsync(CancellationToken.None);
        var withdrawn = await db.CommandInbox.Where(c => c.Id == id && c.ClaimedBy == 0 && c.AnsweredAt == null)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.Withdrawn, true), CancellationToken.None);
        return withdrawn == 1;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(InsertAsync(stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default), AnswersAsync(stoppingToken));

    // Hands each waiting caller its answer once the leader stored it.
    private async Task AnswersAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_waiting.IsEmpty)
                {
                    await _work.WaitAsync(stoppingToken);
                    continue;
                }
                await signals.WaitAsync(ClusterNode.AnswerChannel, TimeSpan.FromMilliseconds(100), stoppingToken);
                var ids = _waiting.Keys.ToArray();
                if (ids.Length == 0)
                    continue;
                await using var db = await database.Factory.CreateDbContextAsync(stoppingToken);
                var answered = await db.CommandInbox.AsNoTracking().Where(c => ids.Contains(c.Id) && c.AnsweredAt != null)
                    .Select(c => new { c.Id, c.Outcome, c.ErrorCode, c.ErrorMessage, c.Sequence }).ToListAsync(stoppingToken);
                foreach (var row in answered)
                {
                    if (_waiting.TryGetValue(row.Id, out var waiter))
                    {
                        waiter.TrySetResult(new ForwardedAnswer(row.Outcome, row.ErrorCode, row.ErrorMessage, row.Sequence));
                        Interlocked.Exchange(ref _lastAnswered, System.Diagnostics.Stopwatch.GetTimestamp());
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Reading the leader's answers failed; trying again");
                await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
            }
        }
    }
}
