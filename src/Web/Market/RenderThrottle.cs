namespace XpFlywheel.Web.Market;

/// <summary>
/// Coalesces live updates into at most one render per <see cref="Interval"/> (10 a second by default): the first
/// signal after a quiet spell renders at once, signals during the interval fold into one render at its end. A busy
/// market therefore never floods a circuit, and a lone trade still shows up immediately.
/// </summary>
public sealed class RenderThrottle(Func<Task> render, TimeSpan? interval = null) : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    private readonly long _intervalTicks = (interval ?? DefaultInterval).Ticks;
    private int _scheduled;
    private long _lastRender;
    private volatile bool _disposed;

    public TimeSpan Interval => TimeSpan.FromTicks(_intervalTicks);

    /// <summary>Asks for a render; safe from any thread.</summary>
    public void Signal()
    {
        if (_disposed || Interlocked.Exchange(ref _scheduled, 1) == 1)
            return;
        var wait = Interlocked.Read(ref _lastRender) + _intervalTicks - DateTime.UtcNow.Ticks;
        _ = RunAsync(wait > 0 ? TimeSpan.FromTicks(wait) : TimeSpan.Zero);
    }

    public void Dispose() => _disposed = true;

    private async Task RunAsync(TimeSpan wait)
    {
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
        Interlocked.Exchange(ref _lastRender, DateTime.UtcNow.Ticks);
        Volatile.Write(ref _scheduled, 0);
        if (_disposed)
            return;
        try
        {
            await render();
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between the signal and the render: nothing left to draw.
        }
    }
}
