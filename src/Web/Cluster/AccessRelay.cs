using System.Globalization;
using System.Threading.Channels;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Streams;

namespace XpFlywheel.Web.Cluster;

/// <summary>
/// Closes a user-stream connection on every node when what let it in stops holding, wherever that happened: an API key
/// revoked, or an account locked out or deleted, on any node; a lockout also makes every node's signed-in tabs of that
/// account revalidate (and sign out) at once. A REST request reads the key and its owner from the database each time,
/// so it is refused on every node at once; a WebSocket or a page's circuit was checked when it opened, on the node that
/// holds it, which hears of the change here. An operator's new public name reaches every node's name cache the same way
/// (payload <c>name:{id}</c>), and so does a change of an account's roles (payload <c>roles:{id}</c>: its signed-in tabs
/// take up the roles it has now).
/// <para>The node where it happened signals <see cref="ClusterNode.AccessChannel"/> (<c>key:{id}</c> or
/// <c>operator:{id}</c>); every node closes its connections of that key or operator. A signal can be missed (the
/// listening connection was down, or sending failed), so every node also reads back the standing of everything it holds
/// open whenever it starts listening again and every <c>Cluster:AccessRecheckInterval</c> (30 s): a missed
/// signal closes the connection late, never not at all. Nothing runs on SQLite (one process).</para>
/// </summary>
public sealed class AccessRelay(
    ClusterNode node,
    ClusterSignals signals,
    ApiKeyService keys,
    AccountStanding standing,
    UserStreamAccess access,
    Exchange.OperatorDirectory directory,
    IConfiguration configuration,
    ILogger<AccessRelay> logger) : BackgroundService
{
    /// <summary>The payload <see cref="ClusterSignals"/> raises locally each time it starts listening.</summary>
    internal const string ListeningPayload = "listening";

    private const string KeyPrefix = "key:";
    private const string OperatorPrefix = "operator:";
    private const string NamePrefix = "name:";
    private const string RolesPrefix = "roles:";

    private readonly Channel<string> _outgoing = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _recheck = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.CanFollow)
            return;
        // Between a second and a day, whatever is configured: a zero would spin, a negative one would stop the service.
        var interval = Clamp(configuration.GetValue("Cluster:AccessRecheckInterval", TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Action<long> revoked = id => _outgoing.Writer.TryWrite(KeyPrefix + id.ToString(CultureInfo.InvariantCulture));
        Action<long> suspended = id => _outgoing.Writer.TryWrite(OperatorPrefix + id.ToString(CultureInfo.InvariantCulture));
        Action<long> renamed = id => _outgoing.Writer.TryWrite(NamePrefix + id.ToString(CultureInfo.InvariantCulture));
        Action<long> roles = id => _outgoing.Writer.TryWrite(RolesPrefix + id.ToString(CultureInfo.InvariantCulture));
        keys.Revoked += revoked;
        standing.SuspendedHere += suspended;
        directory.NameChangedHere += renamed;
        standing.RolesChangedHere += roles;
        signals.AccessSignalled += Heard;
        try
        {
            await Task.WhenAll(SendAsync(stoppingToken), RecheckAsync(interval, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            keys.Revoked -= revoked;
            standing.SuspendedHere -= suspended;
            directory.NameChangedHere -= renamed;
            standing.RolesChangedHere -= roles;
            signals.AccessSignalled -= Heard;
        }
    }

    // Runs on the listening connection's thread: closing a connection only queues its abort.
    private void Heard(string payload)
    {
        if (payload == ListeningPayload)
            RequestRecheck();
        else if (Id(payload, KeyPrefix) is { } keyId)
            access.CloseKey(keyId);
        else if (Id(payload, OperatorPrefix) is { } operatorId)
            standing.SuspendedElsewhere(operatorId);
        else if (Id(payload, NamePrefix) is { } named)
            directory.NameChangedElsewhere(named);
        else if (Id(payload, RolesPrefix) is { } changed)
            standing.RolesChangedElsewhere(changed);
    }

    internal static TimeSpan Clamp(TimeSpan value, TimeSpan least, TimeSpan most) => value < least ? least : value > most ? most : value;

    private static long? Id(string payload, string prefix) =>
        payload.StartsWith(prefix, StringComparison.Ordinal)
        && long.TryParse(payload.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private void RequestRecheck()
    {
        try
        {
            _recheck.Release();
        }
        catch (SemaphoreFullException)
        {
            // One is already due.
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        await foreach (var payload in _outgoing.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await signals.SignalAsync(ClusterNode.AccessChannel, payload, stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The other nodes find it at their next recheck.
                logger.LogWarning(error, "Could not tell the other nodes {Payload}; their periodic recheck closes its connections", payload);
            }
        }
    }

    private async Task RecheckAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await _recheck.WaitAsync(interval, stoppingToken);
            try
            {
                var closed = await access.RecheckAsync(stoppingToken);
                if (closed > 0)
                    logger.LogInformation("Closed {Count} user-stream connections whose key or account no longer stands", closed);
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Rechecking the open user-stream connections failed; trying again later");
            }
        }
    }
}
