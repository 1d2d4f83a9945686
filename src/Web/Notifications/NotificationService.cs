using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Notifications;

/// <summary>
/// Events addressed to one operator (order filled, tier lapsing, unlock released, epoch paid): stored as
/// <see cref="NotificationRecord"/> rows, then pushed to that operator's open circuits. Any feature may call
/// <see cref="NotifyAsync"/>; the app bar's notifications menu lists them with an unread count.
/// <para>On a follower (<see cref="Cluster.ClusterNode.Following"/>) the notifiers hear the same events from the replica
/// as the leader does, but only the leader stores and pushes: a follower's calls do nothing, and its circuits and user
/// streams get the leader's rows, with their ids, through <see cref="NotificationTail"/>. So nobody is told twice, and
/// what the leader alone learns (an epoch paid, an unlock released, an OTC quote) reaches every node.</para>
/// </summary>
public sealed class NotificationService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, ILogger<NotificationService> logger,
    Cluster.ClusterNode? node = null, Cluster.ClusterSignals? signals = null)
{
    public const int MaxMessageLength = 500;

    private readonly ConcurrentDictionary<long, Action<NotificationRecord>[]> _listeners = new();
    private readonly Lock _everyoneGate = new();
    private volatile Action<NotificationRecord>[] _everyone = [];
    private long _pushedThrough;
    private int _signalling;
    private bool _signalAgain;

    /// <summary>The highest notification id this node has pushed itself (as the leader): the tail skips those.</summary>
    internal long PushedThrough => Interlocked.Read(ref _pushedThrough);

    /// <summary>
    /// Stores the notification and pushes it to every open circuit of <paramref name="operatorId"/>. On a follower it
    /// does nothing and returns the unsaved record (id 0): the leader stores it, and this node pushes the leader's row.
    /// </summary>
    /// <param name="kind">A short machine-readable kind, e.g. "order.filled", "tier.lapsing", "unlock.released", "epoch.paid".</param>
    public async Task<NotificationRecord> NotifyAsync(long operatorId, string kind, string message, CancellationToken cancellationToken = default)
    {
        var record = Record(operatorId, kind, message, clock.GetUtcNow().UtcDateTime);
        if (node?.Following == true)
            return record;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Notifications.Add(record);
            await db.SaveChangesAsync(cancellationToken);
        }
        Pushed(record.Id);
        Push(record);
        SignalFollowers();
        return record;
    }

    /// <summary>
    /// Stores many notifications in one transaction, then pushes each to its operator's open circuits. For events
    /// that concern many operators at once (an epoch close may pay tens of thousands): a transaction each takes the
    /// database's one write lock, which the exchange needs too, tens of thousands of times (about 20 s of commits for
    /// 40,000). Callers keep a call to a few hundred, so the lock is never held for long.
    /// </summary>
    public async Task NotifyManyAsync(IReadOnlyCollection<(long OperatorId, string Kind, string Message)> notifications, CancellationToken cancellationToken = default)
    {
        if (notifications.Count == 0)
            return;
        var now = clock.GetUtcNow().UtcDateTime;
        var records = notifications.Select(n => Record(n.OperatorId, n.Kind, n.Message, now)).ToList();
        if (node?.Following == true)
            return;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Notifications.AddRange(records);
            await db.SaveChangesAsync(cancellationToken);
        }
        Pushed(records.Max(r => r.Id));
        foreach (var record in records)
            Push(record);
        SignalFollowers();
    }

    /// <summary>
    /// Pushes a notification the leader stored to this node's circuits and streams (<see cref="NotificationTail"/>, on a
    /// follower); one this node already pushed itself is skipped.
    /// </summary>
    internal void PushStored(NotificationRecord record)
    {
        if (record.Id > PushedThrough)
            Push(record);
    }

    private void Pushed(long id)
    {
        var seen = Interlocked.Read(ref _pushedThrough);
        while (id > seen && Interlocked.CompareExchange(ref _pushedThrough, id, seen) != seen)
            seen = Interlocked.Read(ref _pushedThrough);
    }

    // Wakes the followers' tails, off the caller's path and coalesced: notifications stored while a signal is being
    // sent share the next one. One that misses them all finds the rows at its next poll.
    private void SignalFollowers()
    {
        if (node?.CanFollow != true || signals is null)
            return;
        Volatile.Write(ref _signalAgain, true);
        if (Interlocked.CompareExchange(ref _signalling, 1, 0) != 0)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                while (Volatile.Read(ref _signalAgain))
                {
                    Volatile.Write(ref _signalAgain, false);
                    try
                    {
                        await signals.SignalAsync(Cluster.ClusterNode.NotificationChannel, "");
                    }
                    catch (Exception error)
                    {
                        logger.LogDebug(error, "Could not signal the followers of new notifications; they find them at their next poll");
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _signalling, 0);
            }
            if (Volatile.Read(ref _signalAgain))
                SignalFollowers();
        });
    }

    private static NotificationRecord Record(long operatorId, string kind, string message, DateTime at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new NotificationRecord
        {
            OperatorId = operatorId,
            At = at,
            Kind = kind,
            Message = message.Length > MaxMessageLength ? message[..MaxMessageLength] : message,
        };
    }

    private void Push(NotificationRecord record)
    {
        var listeners = _listeners.TryGetValue(record.OperatorId, out var own) ? [.. own, .. _everyone] : _everyone;
        foreach (var listener in listeners)
        {
            try
            {
                listener(record);
            }
            catch (Exception error)
            {
                logger.LogError(error, "A notification listener of operator {OperatorId} failed", record.OperatorId);
            }
        }
    }

    /// <summary>The newest notifications of the operator, newest first.</summary>
    public async Task<IReadOnlyList<NotificationRecord>> LatestAsync(long operatorId, int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.AsNoTracking().Where(n => n.OperatorId == operatorId)
            .OrderByDescending(n => n.Id).Take(take).ToListAsync(cancellationToken);
    }

    public async Task<int> UnreadCountAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.CountAsync(n => n.OperatorId == operatorId && !n.Read, cancellationToken);
    }

    public async Task MarkReadAsync(long operatorId, long notificationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Notifications.Where(n => n.OperatorId == operatorId && n.Id == notificationId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Read, true), cancellationToken);
    }

    public async Task MarkAllReadAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Notifications.Where(n => n.OperatorId == operatorId && !n.Read)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Read, true), cancellationToken);
    }

    /// <summary>Calls <paramref name="listener"/> for each new notification of the operator until disposed.</summary>
    public IDisposable Subscribe(long operatorId, Action<NotificationRecord> listener)
    {
        _listeners.AddOrUpdate(operatorId, [listener], (_, existing) => [.. existing, listener]);
        return new Subscription(() =>
        {
            while (_listeners.TryGetValue(operatorId, out var existing))
            {
                var remaining = Array.FindAll(existing, l => l != listener);
                if (remaining.Length == 0 ? _listeners.TryRemove(new(operatorId, existing)) : _listeners.TryUpdate(operatorId, remaining, existing))
                    return;
            }
        });
    }

    /// <summary>
    /// Calls <paramref name="listener"/> for each new notification of any operator, once stored, until disposed (the
    /// private user stream). The listener runs on the notifying thread: it must hand the work off.
    /// </summary>
    public IDisposable SubscribeAll(Action<NotificationRecord> listener)
    {
        lock (_everyoneGate)
            _everyone = [.. _everyone, listener];
        return new Subscription(() =>
        {
            lock (_everyoneGate)
                _everyone = Array.FindAll(_everyone, l => l != listener);
        });
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                unsubscribe();
        }
    }
}
