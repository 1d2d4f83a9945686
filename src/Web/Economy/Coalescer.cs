namespace XpFlywheel.Web.Economy;

/// <summary>
/// Turns bursts of feed events into at most one refresh per <c>interval</c> (default 100 ms, so ≤ 10 renders a
/// second): the first request schedules a run, later ones before it runs are absorbed.
/// </summary>
public sealed class Coalescer(Func<Task> refresh, TimeSpan? interval = null) : IDisposable
{
    private readonly TimeSpan _interval = interval ?? TimeSpan.FromMilliseconds(100);
    private int _scheduled;
    private volatile bool _disposed;

    public void Request()
    {
        if (_disposed || Interlocked.Exchange(ref _scheduled, 1) == 1)
            return;
        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        await Task.Delay(_interval);
        Interlocked.Exchange(ref _scheduled, 0);
        if (!_disposed)
            await refresh();
    }

    public void Dispose() => _disposed = true;
}
