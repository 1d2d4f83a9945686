using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Notifications;

namespace XpFlywheel.Web.Streams;

/// <summary>
/// Numbers each operator's private events and sends them to that operator's connections on <see cref="UserHub"/>.
/// Events come from what the writer publishes after the journal commit (<see cref="AccountActivity"/>: order changes
/// in journal order, then the wallets as the batch left them) and from stored notifications. Everything (events,
/// subscriptions, snapshots, disconnects) passes through one queue read by one loop, so each operator's numbering,
/// replay buffer and followers change in one order and need no lock; sending only queues on each connection's
/// bounded outbox, so a slow client never holds up the loop or anyone else.
/// </summary>
public sealed class UserStream(
    ExchangeFeed feed,
    ExchangeHost host,
    NotificationService notifications,
    UserHubLifetimeManager connections,
    IOptions<UserHubOptions> options,
    TimeProvider clock,
    ILogger<UserStream> logger) : BackgroundService
{
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<long, OperatorStream> _streams = [];
    private DateTimeOffset _nextSweep;

    /// <summary>Operators whose events are being kept now.</summary>
    public int StreamCount => Volatile.Read(ref _streamCount);

    private int _streamCount;

    /// <summary>
    /// Starts sending <paramref name="operatorId"/>'s events to <paramref name="connectionId"/>: those after
    /// <paramref name="after"/> when all of them are still kept, otherwise (or when null) a snapshot first. Completes
    /// once the replayed events or the snapshot are queued on the connection, so the hub method's reply (which waits
    /// for the connection's queue, <see cref="Market.OutboxReplyFilter{THub}"/>) comes after them; also when the
    /// subscription could not be served (the connection is then closed).
    /// </summary>
    public Task Subscribe(string connectionId, long operatorId, long? after)
    {
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(new Subscribed(connectionId, operatorId, after, queued)))
            queued.TrySetResult();
        return queued.Task;
    }

    /// <summary>Stops sending to <paramref name="connectionId"/>.</summary>
    public void Remove(string connectionId, long operatorId) => _work.Writer.TryWrite(new Gone(connectionId, operatorId));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = feed.Subscribe(e =>
        {
            if (e is AccountActivity changed)
                _work.Writer.TryWrite(new Activity(changed));
            else if (e is ReplicaReloaded)
                _work.Writer.TryWrite(new Reloaded());
        });
        using var notified = notifications.SubscribeAll(n => _work.Writer.TryWrite(new Notified(n)));
        await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                Handle(work);
                Sweep();
            }
            catch (Exception error)
            {
                logger.LogError(error, "The user stream failed on {Work}", work.GetType().Name);
                // A subscriber is never left waiting on work that failed.
                if (work is Subscribed { Queued: var subscribed })
                    subscribed.TrySetResult();
                else if (work is SnapshotRead { Queued: var read })
                    read.TrySetResult();
            }
        }
    }

    private void Handle(Work work)
    {
        switch (work)
        {
            case Activity(var batch):
                foreach (var change in batch.Orders)
                {
                    if (_streams.TryGetValue(change.OperatorId, out var stream))
                        Send(stream, stream.Append(change.Sequence, "Order", s => UserOrderMessage.From(s, change, batch.At)));
                }
                foreach (var wallet in batch.Balances)
                {
                    if (_streams.TryGetValue(wallet.OperatorId, out var stream))
                        Send(stream, stream.Append(batch.Sequence, "Balance",
                            s => new UserBalanceMessage(s, batch.Sequence, UserWalletMessage.From(wallet), batch.At)));
                }
                break;
            case Notified(var n):
                if (_streams.TryGetValue(n.OperatorId, out var notifiedStream))
                {
                    var at = new DateTimeOffset(DateTime.SpecifyKind(n.At, DateTimeKind.Utc));
                    Send(notifiedStream, notifiedStream.Append(null, "Notification", s => new UserNotificationMessage(s, n.Id, n.Kind, n.Message, at)));
                }
                break;
            case Subscribed(var connectionId, var operatorId, var after, var queued):
                Follow(connectionId, operatorId, after, queued);
                break;
            case SnapshotRead read:
                Deliver(read);
                break;
            case Reloaded:
                Resnapshot();
                break;
            case Gone(var connectionId, var operatorId):
                if (_streams.TryGetValue(operatorId, out var left) && left.Followers.Remove(connectionId) && left.Followers.Count == 0)
                    left.IdleSince = clock.GetUtcNow();
                break;
        }
    }

    private void Follow(string connectionId, long operatorId, long? after, TaskCompletionSource queued)
    {
        if (!_streams.TryGetValue(operatorId, out var stream))
        {
            stream = new OperatorStream(clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000, Math.Max(1, options.Value.ReplayCapacity));
            _streams[operatorId] = stream;
            _streamCount = _streams.Count;
        }
        var follower = new StreamFollower { AskedAt = stream.Sequence, Queued = queued };
        stream.Followers[connectionId] = follower;
        if (after is { } last && stream.TryReplay(last, out var missed))
        {
            follower.Live = true;
            foreach (var entry in missed)
                connections.Post(connectionId, entry.Message);
            queued.TrySetResult();
            return;
        }
        // The snapshot is read on the writer, between batches: every batch at or before its journal sequence has
        // been published (and queued here) before the read completes, so those events are already in Pending.
        _ = ReadSnapshotAsync(connectionId, operatorId, follower.Generation, queued);
    }

    private async Task ReadSnapshotAsync(string connectionId, long operatorId, int generation, TaskCompletionSource queued)
    {
        try
        {
            var (journal, orders, wallet) = await host.ReadAsync(session =>
            {
                var open = new List<OrderView>();
                session.Engine.OpenOrders(operatorId, open);
                List<UserOpenOrderMessage> orders = [.. open.Select(o => UserOpenOrderMessage.From(o, session.Engine.ClientOrderIdOf(o.OrderId)))];
                return (session.Sequence, orders, session.Wallet(operatorId));
            });
            if (!_work.Writer.TryWrite(new SnapshotRead(connectionId, operatorId, journal, orders, wallet, generation, queued)))
                queued.TrySetResult();
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Reading the user stream snapshot of operator {OperatorId} failed; closing its connection", operatorId);
            connections.Abort(connectionId);
            queued.TrySetResult();
        }
    }

    // Sends the snapshot, then what arrived while it was read and is newer than it, and makes the follower live.
    private void Deliver(SnapshotRead read)
    {
        // A read from before a reload is superseded by the one the reload asked for, which answers the subscriber.
        if (_streams.TryGetValue(read.OperatorId, out var stream) && stream.Followers.TryGetValue(read.ConnectionId, out var follower)
            && follower.Generation != read.Generation)
            return;
        try
        {
            DeliverSnapshot(read);
        }
        finally
        {
            read.Queued.TrySetResult();
        }
    }

    private void DeliverSnapshot(SnapshotRead read)
    {
        if (!_streams.TryGetValue(read.OperatorId, out var stream) || !stream.Followers.TryGetValue(read.ConnectionId, out var follower) || follower.Live)
            return;
        var sequence = follower.AskedAt;
        foreach (var entry in follower.Pending)
        {
            if (entry.JournalSequence is { } journal && journal <= read.JournalSequence)
                sequence = entry.Sequence;
        }
        var snapshot = new UserSnapshotMessage(sequence, read.JournalSequence,
            read.Orders, UserWalletMessage.From(read.Wallet));
        connections.Post(read.ConnectionId, new SerializedHubMessage(
            new Microsoft.AspNetCore.SignalR.Protocol.InvocationMessage("Snapshot", [snapshot])));
        foreach (var entry in follower.Pending)
        {
            if (entry.Sequence > sequence)
                connections.Post(read.ConnectionId, entry.Message);
        }
        follower.Pending.Clear();
        follower.Live = true;
    }

    // The replica jumped (ReplicaReloaded): events were passed over or will come again, so what was numbered so far
    // cannot be followed past. Every stream breaks (a resume from before the break gets a snapshot) and every follower
    // gets a fresh snapshot, numbered after the break, as a reconnecting client would.
    private void Resnapshot()
    {
        foreach (var (operatorId, stream) in _streams)
        {
            stream.Break();
            foreach (var (connectionId, follower) in stream.Followers)
            {
                // A follower still waiting for its snapshot gets one read after this reload instead, answering its
                // Subscribe then; the read it was waiting for is dropped when it arrives.
                var queued = follower.Live || follower.Queued is null
                    ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
                    : follower.Queued;
                follower.Live = false;
                follower.AskedAt = stream.Sequence;
                follower.Pending.Clear();
                follower.Generation++;
                follower.Queued = queued;
                _ = ReadSnapshotAsync(connectionId, operatorId, follower.Generation, queued);
            }
        }
    }

    private void Send(OperatorStream stream, StreamEntry entry)
    {
        foreach (var (connectionId, follower) in stream.Followers)
        {
            if (follower.Live)
                connections.Post(connectionId, entry.Message);
            else
                follower.Pending.Add(entry);
        }
    }

    // Forgets operators nobody has followed for the retention, at most once a minute.
    private void Sweep()
    {
        var now = clock.GetUtcNow();
        if (now < _nextSweep)
            return;
        _nextSweep = now + TimeSpan.FromMinutes(1);
        var idle = options.Value.IdleRetention;
        foreach (var (operatorId, stream) in _streams.Where(s => s.Value.Followers.Count == 0 && now - s.Value.IdleSince > idle).ToList())
            _streams.Remove(operatorId);
        _streamCount = _streams.Count;
    }

    private abstract record Work;
    private sealed record Activity(AccountActivity Batch) : Work;
    private sealed record Notified(NotificationRecord Notification) : Work;
    private sealed record Subscribed(string ConnectionId, long OperatorId, long? After, TaskCompletionSource Queued) : Work;
    private sealed record SnapshotRead(string ConnectionId, long OperatorId, long JournalSequence, List<UserOpenOrderMessage> Orders, WalletBalances Wallet,
        int Generation, TaskCompletionSource Queued) : Work;
    private sealed record Gone(string ConnectionId, long OperatorId) : Work;
    private sealed record Reloaded : Work;
}
