using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

/// <summary>
/// A hub connection spoken frame by frame (SignalR's JSON protocol over a WebSocket), so a test sees exactly the order
/// in which the server wrote pushes and replies. The .NET client cannot show it: it runs handlers on a queue of their
/// own, so a reply may complete before the handlers of messages that arrived before it have run.
/// </summary>
public sealed class RawHubClient : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly WebSocket _socket;
    private readonly StringBuilder _received = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _nextId;

    private RawHubClient(WebSocket socket) => _socket = socket;

    /// <summary>Opens <paramref name="path"/> (with an API key when given) and completes the handshake.</summary>
    public static async Task<RawHubClient> ConnectAsync(AppFactory factory, string path, string? key = null)
    {
        var client = factory.Server.CreateWebSocketClient();
        if (key is not null)
            client.ConfigureRequest = request => request.Headers["X-Api-Key"] = key;
        var uri = new UriBuilder(factory.Server.BaseAddress) { Scheme = "ws", Path = path }.Uri;
        var raw = new RawHubClient(await client.ConnectAsync(uri, CancellationToken.None));
        await raw.SendAsync("""{"protocol":"json","version":1}""");
        var handshake = await raw.ReadAsync();
        Assert.False(handshake.TryGetProperty("error", out var error), error.ToString());
        return raw;
    }

    /// <summary>Calls <paramref name="target"/> and returns every frame received up to its completion, which comes last.</summary>
    public async Task<List<JsonElement>> InvokeAsync(string target, params object?[] arguments)
    {
        var id = (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        return await ReadUntilAsync(frame => Type(frame) == 3 && frame.GetProperty("invocationId").GetString() == id);
    }

    /// <summary>Every frame (pings left out) up to and including the first that <paramref name="last"/> accepts.</summary>
    public async Task<List<JsonElement>> ReadUntilAsync(Func<JsonElement, bool> last)
    {
        var frames = new List<JsonElement>();
        // Bounded as a whole, not only per frame: the server's pings (every 15 s) would keep a per-frame wait going.
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No awaited frame within {Patience.TotalSeconds:F0} s; received: {string.Join(", ", frames)}");
            var frame = await ReadAsync();
            if (Type(frame) == 6)
                continue;
            frames.Add(frame);
            if (last(frame))
                return frames;
        }
    }

    /// <summary>The frame's message type: 1 invocation, 3 completion, 6 ping, 7 close.</summary>
    public static int Type(JsonElement frame) => frame.TryGetProperty("type", out var type) ? type.GetInt32() : 0;

    /// <summary>The method a pushed frame invokes on the client, null for any other frame.</summary>
    public static string? Target(JsonElement frame) => Type(frame) == 1 ? frame.GetProperty("target").GetString() : null;

    /// <summary>Sends <paramref name="json"/> as one frame exactly as given (a malformed or unknown message too).</summary>
    public Task SendRawAsync(string json) => SendAsync(json);

    private Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + Separator), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task<JsonElement> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var text = _received.ToString();
            var end = text.IndexOf(Separator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _received.Remove(0, end + 1);
                return JsonDocument.Parse(text[..end]).RootElement.Clone();
            }
            // The test server's socket may not honour the token: the wait itself is bounded too.
            var result = await _socket.ReceiveAsync(_buffer, timeout.Token).WaitAsync(Patience);
            if (result.MessageType == WebSocketMessageType.Close)
                throw new InvalidOperationException($"The server closed the connection: {result.CloseStatusDescription}");
            _received.Append(Encoding.UTF8.GetString(_buffer, 0, result.Count));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        _socket.Dispose();
    }
}
