using XpFlywheel.Core.Commands;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// The dead-man switch, as Kraken's <c>cancelAllOrdersAfter</c>: an operator's program arms a countdown and keeps
/// refreshing it while it is healthy; if the countdown runs out, every open order of the operator is cancelled by a
/// <see cref="CancelAllOrders"/> command on the single writer (journaled like any cancel, actor <c>s:cancel-after</c>).
/// Arming again replaces the countdown; 0 seconds disarms it. Countdowns run on the app's <see cref="TimeProvider"/>
/// and live in memory: a restart disarms them, so a program re-arms when it reconnects.
/// </summary>
public sealed class CancelAfter(ExchangeHost host, TimeProvider clock, ILogger<CancelAfter> logger) : IDisposable
{
    /// <summary>The longest countdown, in seconds: one day.</summary>
    public const int MaxSeconds = 86_400;

    /// <summary>The actor the expiry's cancel is journaled under.</summary>
    public static Actor Actor { get; } = Actor.System("cancel-after");

    private readonly Lock _gate = new();
    private readonly Dictionary<long, Countdown> _armed = [];

    /// <summary>
    /// Arms (or re-arms) the operator's countdown to fire <paramref name="seconds"/> from now, or disarms it for 0.
    /// </summary>
    /// <param name="seconds">0 to <see cref="MaxSeconds"/>; callers validate the range.</param>
    /// <returns>Now and when the orders will be cancelled (null when disarmed).</returns>
    public (DateTimeOffset Now, DateTimeOffset? TriggerAt) Set(long operatorId, int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, MaxSeconds);
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_armed.Remove(operatorId, out var previous))
                previous.Timer.Dispose();
            if (seconds == 0)
                return (now, null);
            var countdown = new Countdown(operatorId, now.AddSeconds(seconds));
            _armed[operatorId] = countdown;
            countdown.Timer = clock.CreateTimer(_ => Fire(countdown), null, TimeSpan.FromSeconds(seconds), Timeout.InfiniteTimeSpan);
            return (now, countdown.TriggerAt);
        }
    }

    /// <summary>When the operator's orders will be cancelled, or null when no countdown is armed.</summary>
    public DateTimeOffset? TriggerAt(long operatorId)
    {
        lock (_gate)
            return _armed.TryGetValue(operatorId, out var countdown) ? countdown.TriggerAt : null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var countdown in _armed.Values)
                countdown.Timer.Dispose();
            _armed.Clear();
        }
    }

    private void Fire(Countdown countdown)
    {
        lock (_gate)
        {
            // A refresh that won the race replaced this countdown: it no longer speaks for the operator.
            if (!_armed.TryGetValue(countdown.OperatorId, out var current) || !ReferenceEquals(current, countdown))
                return;
            _armed.Remove(countdown.OperatorId);
            countdown.Timer.Dispose();
        }
        _ = CancelAllAsync(countdown.OperatorId);
    }

    private async Task CancelAllAsync(long operatorId)
    {
        try
        {
            var outcome = await host.SubmitAsync<OrderOutcome>(new CancelAllOrders(operatorId) { By = Actor });
            logger.LogInformation("Cancel-after expired for operator {OperatorId}: {Count} orders cancelled", operatorId, outcome.Cancelled.Count);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Cancel-after could not cancel the orders of operator {OperatorId}", operatorId);
        }
    }

    private sealed class Countdown(long operatorId, DateTimeOffset triggerAt)
    {
        public long OperatorId { get; } = operatorId;
        public DateTimeOffset TriggerAt { get; } = triggerAt;
        public ITimer Timer { get; set; } = null!;
    }
}
