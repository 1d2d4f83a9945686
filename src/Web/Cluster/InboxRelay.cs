using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using XpFlywheel.Core.Commands;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Projection;

namespace XpFlywheel.Web.Cluster;

/// <summary>
/// The leader's side of <see cref="CommandForwarder"/>: takes what followers put in <c>CommandInbox</c> (woken by the
/// inbox channel, polling every 250 ms as the fallback), applies each command through this process's writer as if
/// a page had sent it, stores each answer with the journal sequence reached, and signals the answer channel.
/// Commands are claimed with the writer's fencing token, so a leader that takes over claims again only what an older
/// one took and never answered; their idempotency keys make that safe. Runs only on the leader, only on PostgreSQL.
/// </summary>
public sealed class InboxRelay(ExchangeHost exchange, ClusterNode node, ClusterSignals signals, WriterDatabase database,
    TimeProvider clock, ILogger<InboxRelay> logger) : BackgroundService
{
    private const int MaxClaim = 512;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.CanFollow)
            return;
        try
        {
            await exchange.WriterReady.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception)
        {
            return; // The writer never ran: nothing to relay to.
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!exchange.IsWriter)
                {
                    // Following (after losing the writer) or taking over: the writer's relay runs only on the writer.
                    await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
                    continue;
                }
                if (clock.GetUtcNow() >= _nextPurge)
                    await PurgeAsync(stoppingToken);
                if (await RelayOnceAsync(stoppingToken) == 0)
                    await signals.WaitAsync(ClusterNode.InboxChannel, TimeSpan.FromMilliseconds(250), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Relaying followers' commands failed; trying again");
                await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
            }
            if (exchange.Status.State is WriterState.Stopped)
                return;
        }
    }

    private DateTimeOffset _nextPurge;

    /// <summary>How long an answered or withdrawn inbox row is kept (its follower read it long before).</summary>
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(10);

    private async Task PurgeAsync(CancellationToken stoppingToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - Keep;
        await using var db = await database.Factory.CreateDbContextAsync(stoppingToken);
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteDeleteAsync(
            db.CommandInbox.Where(c => c.CreatedAt < before && (c.AnsweredAt != null || c.Withdrawn)), stoppingToken);
        _nextPurge = clock.GetUtcNow() + TimeSpan.FromMinutes(1);
    }

    // Claimed commands being applied, in claim order; their answers are written as they complete.
    private readonly System.Threading.Channels.Channel<(long Id, long Token, Task<(string? Outcome, string? Code, string? Message)> Applied)> _applying =
        System.Threading.Channels.Channel.CreateBounded<(long, long, Task<(string?, string?, string?)>)>(new System.Threading.Channels.BoundedChannelOptions(MaxInFlight) { SingleReader = true });

    private const int MaxInFlight = 8_192;
    private Task? _answering;

    // Claims what is waiting and starts applying it; the answers are written behind (AnswerLoopAsync), so the next claim
    // does not wait for this one's answers. Returns how many it claimed.
    private async Task<int> RelayOnceAsync(CancellationToken stoppingToken)
    {
        _answering ??= Task.Run(() => AnswerLoopAsync(stoppingToken), CancellationToken.None);
        var token = exchange.FencingToken;
        var claimed = new List<(long Id, string Json, bool Reclaimed)>();
        await using (var db = await database.Factory.CreateDbContextAsync(stoppingToken))
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await connection.OpenAsync(stoppingToken);
            // Each row with whether an earlier leader had claimed it (and may have applied it before dying).
            await using var claim = new NpgsqlCommand(
                """
                WITH picked AS (SELECT "Id", "ClaimedBy" FROM "CommandInbox"
                                WHERE "AnsweredAt" IS NULL AND NOT "Withdrawn" AND "ClaimedBy" < @token
                                ORDER BY "Id" LIMIT @limit FOR UPDATE SKIP LOCKED)
                UPDATE "CommandInbox" AS c SET "ClaimedBy" = @token
                FROM picked WHERE c."Id" = picked."Id"
                RETURNING c."Id", c."Command", picked."ClaimedBy" > 0
                """, connection);
            claim.Parameters.AddWithValue("token", token);
            claim.Parameters.AddWithValue("limit", MaxClaim);
            await using var reader = await claim.ExecuteReaderAsync(stoppingToken);
            while (await reader.ReadAsync(stoppingToken))
                claimed.Add((reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2)));
        }
        // In id order, so two commands of one follower's caller apply in the order they were sent; the writer batches them.
        foreach (var (id, json, reclaimed) in claimed.OrderBy(c => c.Id))
            await _applying.Writer.WriteAsync((id, token, ApplyAsync(json, reclaimed)), stoppingToken);
        return claimed.Count;
    }

    // Writes answers as commands complete: whatever has completed goes in one statement.
    private async Task AnswerLoopAsync(CancellationToken stoppingToken)
    {
        var answers = new List<InboxAnswer>();
        try
        {
            while (await _applying.Reader.WaitToReadAsync(stoppingToken))
            {
                answers.Clear();
                while (answers.Count < MaxClaim && _applying.Reader.TryPeek(out var next) && (answers.Count == 0 || next.Applied.IsCompleted))
                {
                    _applying.Reader.TryRead(out _);
                    var (outcome, code, message) = await next.Applied;
                    answers.Add(new InboxAnswer(next.Id, next.Token, outcome, code, message));
                }
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        // The last committed sequence, which every answered command is within: the journal's head may
                        // be a batch still in flight, whose number a failed commit hands to another command, and a
                        // follower waiting for its replica or its tables to reach it would wait for that command.
                        await AnswerAsync(answers, exchange.DurableSequence, stoppingToken);
                        break;
                    }
                    catch (Exception error) when ((error is not OperationCanceledException || !stoppingToken.IsCancellationRequested) && attempt < 20)
                    {
                        logger.LogWarning(error, "Storing {Count} answers for followers failed; trying again", answers.Count);
                        await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // reclaimed: an earlier leader had claimed this row. Its command answered from its key is then, most likely, this
    // row's own first application (the leader died before answering), which the follower's caller sent once: it is
    // answered as a first outcome, not as a repeat.
    private async Task<(string? Outcome, string? Code, string? Message)> ApplyAsync(string json, bool reclaimed)
    {
        ExchangeCommand command;
        try
        {
            command = CommandJson.Deserialize(json);
        }
        catch (JsonException error)
        {
            return (null, ForwardedAnswer.Failed, "The command could not be read: " + error.Message);
        }
        try
        {
            var outcome = await exchange.SubmitAsync<object>(command with { Sequence = 0, At = default });
            // Answered from its idempotency key: the first outcome, marked so the follower's caller hears it as a repeat.
            return outcome switch
            {
                RepeatedOutcome repeated when reclaimed => (repeated.Json, null, null),
                RepeatedOutcome repeated => (repeated.Json, ForwardedAnswer.Repeated, null),
                _ => (JsonSerializer.Serialize(outcome, CommandJson.Options), null, null),
            };
        }
        catch (IdempotencyConflictException error)
        {
            return (null, ForwardedAnswer.KeyReused, error.Message);
        }
        catch (WriterFencedException error)
        {
            return (null, ForwardedAnswer.WriterMoved, error.Message);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "A forwarded {Command} failed on the leader", command.TypeName);
            return (null, ForwardedAnswer.Failed, error.Message);
        }
    }

    private async Task AnswerAsync(List<InboxAnswer> answers, long sequence, CancellationToken stoppingToken)
    {
        await using var db = await database.Factory.CreateDbContextAsync(stoppingToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(stoppingToken);
        await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
        var stored = await StoreAnswersAsync(connection, transaction, answers, sequence, clock.GetUtcNow().UtcDateTime, stoppingToken);
        await transaction.CommitAsync(stoppingToken);
        if (stored < answers.Count)
            logger.LogInformation("{Count} answers were not stored: a later leader took those commands (or they were answered) first", answers.Count - stored);
    }

    /// <summary>
    /// Stores answers for the rows still claimed with each answer's fencing token and not yet answered, and signals the
    /// answer channel; returns how many rows took an answer. A leader that lost the writer refuses what it had claimed
    /// (<c>writer_moved</c>, "nothing applied"), but the leader after it may already have claimed those rows again and
    /// applied them: that refusal must not reach the follower, which waits for the new leader's answer instead. Either
    /// the stale answer lands first (the row is answered, so no later leader claims it) or the new claim does (the
    /// stale answer no longer matches its token): the row locks make the two exclusive.
    /// </summary>
    internal static async Task<int> StoreAnswersAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<InboxAnswer> answers,
        long sequence, DateTime at, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(
            """
            UPDATE "CommandInbox" AS c SET "AnsweredAt" = @at, "Outcome" = a.outcome, "ErrorCode" = a.code, "ErrorMessage" = a.message, "Sequence" = @sequence
            FROM unnest(@ids, @tokens, @outcomes, @codes, @messages) AS a(id, token, outcome, code, message)
            WHERE c."Id" = a.id AND c."ClaimedBy" = a.token AND c."AnsweredAt" IS NULL;
            NOTIFY xpf_answer;
            """, connection, transaction);
        update.Parameters.AddWithValue("at", at);
        update.Parameters.AddWithValue("sequence", sequence);
        update.Parameters.AddWithValue("ids", answers.Select(a => a.Id).ToArray());
        update.Parameters.AddWithValue("tokens", answers.Select(a => a.Token).ToArray());
        update.Parameters.Add(new NpgsqlParameter("outcomes", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = answers.Select(a => (object?)a.Outcome ?? DBNull.Value).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("codes", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = answers.Select(a => (object?)a.Code ?? DBNull.Value).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("messages", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = answers.Select(a => (object?)Clip(a.Message) ?? DBNull.Value).ToArray() });
        return await update.ExecuteNonQueryAsync(cancellationToken);
    }

    // A refusal's message longer than its column would fail the whole batch of answers, again at every retry: it is
    // cut (never between the halves of a surrogate pair, which PostgreSQL's UTF-8 cannot store), and NUL characters,
    // which PostgreSQL text cannot hold either, are dropped.
    internal static string? Clip(string? message)
    {
        if (message is null)
            return null;
        if (message.Contains('\0'))
            message = message.Replace("\0", "", StringComparison.Ordinal);
        if (message.Length <= Data.Entities.InboxCommand.MaxErrorMessage)
            return message;
        var cut = Data.Entities.InboxCommand.MaxErrorMessage - 1;
        if (char.IsHighSurrogate(message[cut - 1]))
            cut--;
        return message[..cut] + "…";
    }
}

/// <summary>A leader's answer to one inbox row it claimed with fencing token <paramref name="Token"/>.</summary>
internal readonly record struct InboxAnswer(long Id, long Token, string? Outcome, string? Code, string? Message);
