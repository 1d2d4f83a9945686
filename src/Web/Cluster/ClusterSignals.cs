using Npgsql;

namespace XpFlywheel.Web.Cluster;

/// <summary>
/// PostgreSQL's LISTEN/NOTIFY for the nodes of one database: one connection of its own listens on the journal, inbox,
/// answer and notification channels (<see cref="ClusterNode"/>) and wakes whoever waits on that channel, and on the
/// access channel, whose payloads it hands to <see cref="AccessSignalled"/>. A wake-up is a hint, never
/// the data: every waiter also polls on a short timeout, so a lost notification (a dropped connection, a server
/// restart) delays work by at most the poll period. Nothing listens on SQLite.
/// </summary>
public sealed class ClusterSignals(ClusterNode node, ILogger<ClusterSignals> logger) : BackgroundService
{
    private readonly Dictionary<string, Pulse> _pulses = new()
    {
        [ClusterNode.JournalChannel] = new(),
        [ClusterNode.InboxChannel] = new(),
        [ClusterNode.AnswerChannel] = new(),
        [ClusterNode.NotificationChannel] = new(),
    };

    /// <summary>Wakes the next wait on <paramref name="channel"/> as a signal from another node would.</summary>
    public void Wake(string channel) => _pulses[channel].Signal();

    /// <summary>
    /// Raised with the payload of every signal on <see cref="ClusterNode.AccessChannel"/> (including this node's own),
    /// on the listening connection's thread: hand the work off or keep it short.
    /// </summary>
    public event Action<string>? AccessSignalled;

    /// <summary>
    /// Signals <paramref name="channel"/> to every node listening (this one too) with <paramref name="payload"/> (at most
    /// a few hundred characters). Nothing is sent on SQLite. Throws when the database cannot be reached.
    /// </summary>
    public async Task SignalAsync(string channel, string payload, CancellationToken cancellationToken = default)
    {
        if (!node.CanFollow)
            return;
        await using var connection = new NpgsqlConnection(node.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        notify.Parameters.AddWithValue("channel", channel);
        notify.Parameters.AddWithValue("payload", payload);
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Completes when <paramref name="channel"/> was signalled since the last wait on it, or after <paramref name="poll"/>
    /// (the fallback), or when cancelled (then throws).
    /// </summary>
    public Task WaitAsync(string channel, TimeSpan poll, CancellationToken cancellationToken) =>
        _pulses[channel].WaitAsync(poll, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.CanFollow)
            return;
        var settings = new NpgsqlConnectionStringBuilder(node.ConnectionString)
        {
            Pooling = false, KeepAlive = 5, ApplicationName = "xpflywheel-signals",
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(settings.ConnectionString);
                connection.Notification += (_, signal) =>
                {
                    if (_pulses.TryGetValue(signal.Channel, out var pulse))
                        pulse.Signal();
                    else if (signal.Channel == ClusterNode.AccessChannel)
                        Access(signal.Payload);
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand(
                    $"LISTEN {ClusterNode.JournalChannel}; LISTEN {ClusterNode.InboxChannel}; LISTEN {ClusterNode.AnswerChannel}; " +
                    $"LISTEN {ClusterNode.NotificationChannel}; LISTEN {ClusterNode.AccessChannel};", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                // Whatever was signalled while not listening is found by the waiters' polls; wake them once now.
                foreach (var pulse in _pulses.Values)
                    pulse.Signal();
                Access(AccessRelay.ListeningPayload);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Listening for the other nodes' signals failed; polling until it reconnects");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Access(string payload)
    {
        try
        {
            AccessSignalled?.Invoke(payload);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Handling the access signal {Payload} failed", payload);
        }
    }

    // A signal remembered until the next wait (an auto-reset event that never loses a wake-up between waits).
    private sealed class Pulse
    {
        private readonly SemaphoreSlim _signal = new(0, 1);

        public void Signal()
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled and not yet consumed.
            }
        }

        public async Task WaitAsync(TimeSpan poll, CancellationToken cancellationToken) =>
            await _signal.WaitAsync(poll, cancellationToken);
    }
}
