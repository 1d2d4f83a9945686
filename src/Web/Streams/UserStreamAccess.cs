using System.Collections.Concurrent;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Api;

namespace XpFlywheel.Web.Streams;

/// <summary>
/// Keeps each open user-stream connection only as long as what let it in still holds. A WebSocket is authenticated
/// once, when it opens, so the checks every REST request makes must be made here when they change: a connection closes
/// when its API key is revoked (<see cref="ApiKeyService.Revoked"/>) or expires (a timer on the injected clock, armed
/// at connect), and every connection of an operator, by key or cookie, closes when an admin locks the account out or it
/// is deleted (<see cref="AccountStanding.Suspended"/>). The client's reconnect is then refused.
/// </summary>
public sealed class UserStreamAccess : IDisposable
{
    // Timers run at most a day ahead (a key may expire years away); an early wake-up re-arms for the rest.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, Entry> _open = new(StringComparer.Ordinal);
    private readonly ApiKeyService _keys;
    private readonly AccountStanding _standing;
    private readonly UserHubLifetimeManager _connections;
    private readonly TimeProvider _clock;

    public UserStreamAccess(ApiKeyService keys, AccountStanding standing, UserHubLifetimeManager connections, TimeProvider clock)
    {
        (_keys, _standing, _connections, _clock) = (keys, standing, connections, clock);
        _keys.Revoked += CloseRevoked;
        _standing.Suspended += CloseSuspended;
    }

    /// <summary>Connections being watched now.</summary>
    public int Count => _open.Count;

    /// <summary>
    /// Watches <paramref name="connectionId"/>, opened for <paramref name="operatorId"/> with API key
    /// <paramref name="keyId"/> (null for the browser's cookie) that stops working at <paramref name="expiresAt"/>
    /// (null for never); a key already expired closes it at once.
    /// </summary>
    public void Opened(string connectionId, long operatorId, long? keyId, DateTimeOffset? expiresAt)
    {
        var entry = new Entry(operatorId, keyId);
        _open[connectionId] = entry;
        if (expiresAt is { } expiry)
            entry.Expiry = _clock.CreateTimer(_ => CloseIfExpired(connectionId, expiry), null, UntilOrCap(expiry), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stops watching <paramref name="connectionId"/> once it has closed.</summary>
    public void Closed(string connectionId)
    {
        if (_open.TryRemove(connectionId, out var entry))
            entry.Expiry?.Dispose();
    }

    public void Dispose()
    {
        _keys.Revoked -= CloseRevoked;
        _standing.Suspended -= CloseSuspended;
        foreach (var entry in _open.Values)
            entry.Expiry?.Dispose();
    }

    private void CloseRevoked(long keyId) => CloseKey(keyId);

    private void CloseSuspended(long operatorId) => CloseOperator(operatorId);

    /// <summary>What a connection is told as it is closed because its key was revoked (or, read back, can no longer be used).</summary>
    internal const string KeyRevoked = "api_key_revoked: The API key this stream was opened with was revoked or has expired; reconnect with another key.";

    /// <summary>What a connection is told as it is closed because its key reached its expiry.</summary>
    internal const string KeyExpired = "api_key_expired: The API key this stream was opened with has expired; reconnect with another key.";

    /// <summary>What a connection is told as it is closed because its account was locked out or deleted.</summary>
    internal const string AccountLocked = "account_locked: The account was locked out or deleted; the stream closed and cannot be joined again until an admin unlocks it.";

    /// <summary>Closes every connection opened with API key <paramref name="keyId"/> (revoked on this node or another).</summary>
    internal void CloseKey(long keyId) => CloseWhere(e => e.KeyId == keyId, KeyRevoked);

    /// <summary>Closes every connection of <paramref name="operatorId"/> (locked out or deleted on this node or another).</summary>
    internal void CloseOperator(long operatorId) => CloseWhere(e => e.OperatorId == operatorId, AccountLocked);

    /// <summary>
    /// Reads back from the database whether what let each open connection in still holds, and closes those it no
    /// longer does: for a node that may have missed another node's signal (<see cref="Cluster.AccessRelay"/>).
    /// Returns how many it closed.
    /// </summary>
    internal Task<int> RecheckAsync(CancellationToken cancellationToken) => RecheckAsync(_open.ToArray(), cancellationToken);

    /// <summary>
    /// Reads back whether the key and the account that let <paramref name="connectionId"/> in still do, once it is
    /// watched (<see cref="Opened"/>), and closes it, saying why, if not. A revocation or lockout stored between the
    /// request that authenticated it and <see cref="Opened"/> (a client may hold its handshake for seconds) raised its
    /// signal while nothing here listened for this connection. Returns whether it stays open.
    /// </summary>
    internal async Task<bool> ConfirmAsync(string connectionId, CancellationToken cancellationToken) =>
        _open.TryGetValue(connectionId, out var entry) && await RecheckAsync([new(connectionId, entry)], cancellationToken) == 0;

    private async Task<int> RecheckAsync(KeyValuePair<string, Entry>[] open, CancellationToken cancellationToken)
    {
        if (open.Length == 0)
            return 0;
        var unusable = await _keys.UnusableAmongAsync([.. open.Select(o => o.Value.KeyId).OfType<long>().Distinct()], cancellationToken);
        var fallen = await _standing.NotStandingAmongAsync([.. open.Select(o => o.Value.OperatorId).Distinct()], cancellationToken);
        var closed = 0;
        foreach (var (connectionId, entry) in open)
        {
            if (fallen.Contains(entry.OperatorId) || (entry.KeyId is { } key && unusable.Contains(key)))
            {
                _connections.Close(connectionId, fallen.Contains(entry.OperatorId) ? AccountLocked : KeyRevoked);
                closed++;
            }
        }
        return closed;
    }

    private void CloseWhere(Func<Entry, bool> closes, string reason)
    {
        foreach (var (connectionId, entry) in _open)
        {
            if (closes(entry))
                _connections.Close(connectionId, reason);
        }
    }

    private TimeSpan UntilOrCap(DateTimeOffset expiry)
    {
        var left = expiry - _clock.GetUtcNow();
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left < LongestWait ? left : LongestWait;
    }

    private void CloseIfExpired(string connectionId, DateTimeOffset expiry)
    {
        if (!_open.TryGetValue(connectionId, out var entry))
            return;
        if (_clock.GetUtcNow() >= expiry)
            _connections.Close(connectionId, KeyExpired);
        else
            entry.Expiry?.Change(UntilOrCap(expiry), Timeout.InfiniteTimeSpan);
    }

    // An open connection: whose, by which key (null for a cookie), and the timer that closes it when the key expires.
    private sealed class Entry(long operatorId, long? keyId)
    {
        public long OperatorId { get; } = operatorId;
        public long? KeyId { get; } = keyId;
        public ITimer? Expiry { get; set; }
    }
}
