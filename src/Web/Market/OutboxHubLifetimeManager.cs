using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace XpFlywheel.Web.Market;

/// <summary>
/// A hub's connections, each with its own bounded outbound queue (<see cref="MarketOutbox"/>). Sending to everyone
/// serialises the message once per protocol and queues it on every connection without waiting for any of them, so one
/// client that stops reading its socket never delays the others; messages to one connection go through the same
/// queue, which keeps each connection's messages in the order sent, and a hub method's reply waits for what was queued
/// before it (<see cref="OutboxReplyFilter{THub}"/>). The market hub and the private user hub share it.
/// </summary>
public class OutboxHubLifetimeManager<THub>(
    ILogger<DefaultHubLifetimeManager<THub>> baseLogger,
    int capacity,
    ILogger logger) : DefaultHubLifetimeManager<THub>(baseLogger) where THub : Hub
{
    private readonly ConcurrentDictionary<string, MarketOutbox> _outboxes = new(StringComparer.Ordinal);

    /// <summary>Connections whose queues are open now.</summary>
    public int ConnectionCount => _outboxes.Count;

    /// <summary>The open queues, by connection id.</summary>
    internal ConcurrentDictionary<string, MarketOutbox> Outboxes => _outboxes;

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _outboxes[connection.ConnectionId] = new MarketOutbox(connection, Math.Max(16, capacity), logger);
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        if (_outboxes.TryRemove(connection.ConnectionId, out var outbox))
            outbox.Close();
        return base.OnDisconnectedAsync(connection);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        var message = new SerializedHubMessage(new InvocationMessage(methodName, args));
        foreach (var outbox in _outboxes.Values)
            outbox.Post(message);
        return Task.CompletedTask;
    }

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        if (!_outboxes.TryGetValue(connectionId, out var outbox))
            return base.SendConnectionAsync(connectionId, methodName, args, cancellationToken);
        outbox.Post(new SerializedHubMessage(new InvocationMessage(methodName, args)));
        return Task.CompletedTask;
    }

    /// <summary>Closes one connection from the server's side (its client reconnects).</summary>
    internal void Abort(string connectionId)
    {
        if (_outboxes.TryGetValue(connectionId, out var outbox))
            outbox.Abort();
    }

    /// <summary>
    /// Closes one connection from the server's side telling its client why: a SignalR close message carrying
    /// <paramref name="reason"/> ("code: sentence") and no reconnect, sent after what was queued before it, then the
    /// connection is closed. The client's <c>Closed</c> handler gets the reason in its exception's message.
    /// </summary>
    internal void Close(string connectionId, string reason)
    {
        if (!_outboxes.TryGetValue(connectionId, out var outbox))
            return;
        if (!outbox.Post(new SerializedHubMessage(new CloseMessage(reason, allowReconnect: false))))
            return;
        _ = outbox.ReachedAsync().ContinueWith(_ => outbox.Abort(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>
    /// Completes once everything queued for <paramref name="connectionId"/> so far has been written to it (at once when
    /// it is gone or has fallen behind): what <see cref="OutboxReplyFilter{THub}"/> waits for before a method replies.
    /// </summary>
    internal Task ReachedAsync(string connectionId) =>
        _outboxes.TryGetValue(connectionId, out var outbox) ? outbox.ReachedAsync() : Task.CompletedTask;

    /// <summary>Queues <paramref name="message"/> for one connection; false when it is gone or has fallen behind.</summary>
    internal bool Post(string connectionId, SerializedHubMessage message) =>
        _outboxes.TryGetValue(connectionId, out var outbox) && outbox.Post(message);
}
