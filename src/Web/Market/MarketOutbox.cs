using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace XpFlywheel.Web.Market;

/// <summary>
/// One hub connection's outbound queue: messages are queued without waiting and written to the socket, in order, by
/// the connection's own pump. A connection whose queue is full has stopped reading: it is aborted, so it never makes
/// anyone else wait, and its client reconnects and starts again from a snapshot.
/// </summary>
internal sealed class MarketOutbox
{
    private readonly HubConnectionContext _connection;
    private readonly Channel<SerializedHubMessage> _queue;
    private readonly ILogger _logger;
    private int _dropped;

    public MarketOutbox(HubConnectionContext connection, int capacity, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
        _queue = Channel.CreateBounded<SerializedHubMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _ = PumpAsync();
    }

    /// <summary>Queues <paramref name="message"/>; false (and the connection aborted) when the client has fallen behind.</summary>
    public bool Post(SerializedHubMessage message)
    {
        if (_queue.Writer.TryWrite(message))
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

    /// <summary>Closes the connection from the server's side; its client reconnects.</summary>
    public void Abort() => _connection.Abort();

    /// <summary>Stops the pump once the connection has gone.</summary>
    public void Close() => _queue.Writer.TryComplete();

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(_connection.ConnectionAborted))
                await _connection.WriteAsync(message, _connection.ConnectionAborted);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception error)
        {
            _logger.LogDebug(error, "Writing to hub connection {ConnectionId} stopped", _connection.ConnectionId);
        }
    }
}
