using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using XpFlywheel.Web.Streams;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Streams;

/// <summary>A user hub connection that records every message in arrival order.</summary>
public sealed class UserStreamRecorder : IAsyncDisposable
{
    private readonly ConcurrentQueue<object> _messages = new();

    private UserStreamRecorder(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public IReadOnlyList<object> Messages => [.. _messages];

    public IReadOnlyList<UserOrderMessage> Orders => [.. _messages.OfType<UserOrderMessage>()];

    /// <summary>The sequences of every numbered event after the snapshot, in arrival order.</summary>
    public IReadOnlyList<long> Sequences => [.. _messages.Select(m => m switch
    {
        UserOrderMessage o => o.Sequence,
        UserBalanceMessage b => b.Sequence,
        UserNotificationMessage n => n.Sequence,
        _ => -1,
    }).Where(s => s >= 0)];

    /// <summary>Long polling authenticates every poll; over WebSockets only the request that opens the socket is.</summary>
    public static HubConnection Build(AppFactory factory, string? key, HttpTransportType transport = HttpTransportType.LongPolling)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, UserHub.Path), options =>
            {
                options.Transports = transport;
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = factory.Server.CreateWebSocketClient();
                    if (key is not null)
                        client.ConfigureRequest = request => request.Headers["X-Api-Key"] = key;
                    return await client.ConnectAsync(context.Uri, cancellationToken);
                };
                if (key is not null)
                    options.Headers["X-Api-Key"] = key;
            })
            .Build();
        return connection;
    }

    /// <summary>Connects with <paramref name="key"/> and subscribes after <paramref name="after"/> (null for a snapshot).</summary>
    public static async Task<UserStreamRecorder> StartAsync(AppFactory factory, string key, long? after = null,
        HttpTransportType transport = HttpTransportType.LongPolling)
    {
        var recorder = new UserStreamRecorder(Build(factory, key, transport));
        var connection = recorder.Connection;
        connection.On<UserSnapshotMessage>("Snapshot", m => recorder._messages.Enqueue(m));
        connection.On<UserOrderMessage>("Order", m => recorder._messages.Enqueue(m));
        connection.On<UserBalanceMessage>("Balance", m => recorder._messages.Enqueue(m));
        connection.On<UserNotificationMessage>("Notification", m => recorder._messages.Enqueue(m));
        // Bounded: the server's pings keep a connection alive, so a call it never answered would wait for ever.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await connection.StartAsync(patience.Token);
        await connection.InvokeAsync("Subscribe", after, patience.Token);
        // The server sends a subscription's snapshot before Subscribe's reply, but this client runs handlers on a queue
        // of its own, so the reply may complete first; an event the snapshot already includes is not sent again, so a
        // test that acted before the snapshot's handler ran could find its event folded into it. Following from a
        // snapshot therefore starts once the snapshot is here, as a client keeping state would.
        if (after is null)
            await recorder.WaitForAsync(m => m.OfType<UserSnapshotMessage>().Any(), "the subscription's snapshot");
        return recorder;
    }

    /// <summary>Waits until <paramref name="done"/> holds for the messages so far.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<object>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!done(Messages))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited 15 s for {what}; received: {string.Join(", ", Messages)}");
            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
