using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace XpFlywheel.Web.Market;

/// <summary>Settings of the market hub's outbound queues (section <c>MarketHub</c>).</summary>
public sealed class MarketHubOptions
{
    /// <summary>Messages one connection may have waiting before it counts as not reading and is dropped.</summary>
    public int OutboxCapacity { get; set; } = 4096;
}

/// <summary>
/// The market hub's connections, each with its own bounded outbound queue (<see cref="MarketOutbox"/>). Sending to
/// everyone serialises the message once per protocol and queues it on every connection without waiting for any of
/// them, so one client that stops reading its socket never delays the others; messages to one connection (the
/// snapshot on connect) go through the same queue, which keeps each connection's messages in the order sent.
/// </summary>
public sealed class MarketHubLifetimeManager(
    ILogger<DefaultHubLifetimeManager<MarketHub>> baseLogger,
    IOptions<MarketHubOptions> options,
    ILogger<MarketHubLifetimeManager> logger) : DefaultHubLifetimeManager<MarketHub>(baseLogger)
{
    private readonly ConcurrentDictionary<string, MarketOutbox> _outboxes = new(StringComparer.Ordinal);

    /// <summary>Connections whose queues are open now.</summary>
    public int ConnectionCount => _outboxes.Count;

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _outboxes[connection.ConnectionId] = new MarketOutbox(connection, Math.Max(16, options.Value.OutboxCapacity), logger);
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
}
