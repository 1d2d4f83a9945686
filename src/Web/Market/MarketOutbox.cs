using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace XpFlywheel.Web.Market;

/// <summary>
/// One hub connection's outbound queue: messages are queued without waiting and written to the socket, in order, by
/// the connection's own pump. A connection whose queue is full has stopped reading: it is aborted, so it never makes
/// anyone else wait, and its client reconnects and starts again from a snapshot. A marker (<see cref="ReachedAsync"/>)
/// completes when the pump reaches it, i.e. once everything queued before it has been written: a hub method's reply
/// waits for it, so a reply never overtakes what was queued before it.
/// </summary>
internal sealed class MarketOutbox
{
    private readonly HubConnectionContext _connection;
    private readonly Channel<Outgoing> _queue;
    private readonly ILogger _logger;
    private int _dropped;

    public MarketOutbox(HubConnectionContext connection, int capacity, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
        _queue = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _ = PumpAsync();
    }

    /// <summary>Queues <paramref name="message"/>; false (and the connection aborted) when the client has fallen behind.</summary>
    public bool Post(SerializedHubMessage message) => Enqueue(new Outgoing(message, null));

    /// <summary>
    /// Completes once everything queued so far has been written to the connection, or at once when the connection is
    /// gone or has fallen behind (then nothing more reaches it). Never fails.
    /// </summary>
    public Task ReachedAsync()
    {
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Enqueue(new Outgoing(null, marker)) ? marker.Task : Task.CompletedTask;
    }

    /// <summary>Closes the connection from the server's side; its client reconnects.</summary>
    public void Abort() => _connection.Abort();

    /// <summary>Stops the pump once the connection has gone.</summary>
    public void Close()
    {
        Volatile.Write(ref _dropped, 1);
        _queue.Writer.TryComplete();
    }

    private bool Enqueue(Outgoing item)
    {
        if (_queue.Writer.TryWrite(item))
            return true;
        if (Interlocked.Exchange(ref _dropped, 1) == 0)
        {
            _logger.LogWarning("Hub connection {ConnectionId} fell {Capacity} messages behind and was dropped",
                _connection.ConnectionId, _queue.Reader.Count);
            _queue.Writer.TryComplete();
            _connection.Abort();
        }
        return false;
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(_connection.ConnectionAborted))
            {
                if (item.Reached is { } marker)
                    marker.TrySetResult();
                else
                    await _connection.WriteAsync(item.Message!, _connection.ConnectionAborted);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception error)
        {
            _logger.LogDebug(error, "Writing to hub connection {ConnectionId} stopped", _connection.ConnectionId);
        }
        finally
        {
            // Nothing more will be written: release whoever waits for a marker still queued.
            Volatile.Write(ref _dropped, 1);
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
                left.Reached?.TrySetResult();
        }
    }

    // A message to write, or a marker to complete when the pump reaches it.
    private readonly record struct Outgoing(SerializedHubMessage? Message, TaskCompletionSource? Reached);
}
