namespace XpFlywheel.Web.Components.Shared;

/// <summary>
/// The one way a component follows live data: whatever says "something changed" (a feed event, a notification, the
/// component's own <c>every</c> tick) calls <see cref="Signal"/>, and the component's refresh runs on its circuit at
/// most once per <c>interval</c>. The first signal after a quiet spell refreshes at once; signals during the interval
/// or during a running refresh fold into one more refresh at the interval's end, so the last change is never lost and
/// a busy market never floods a circuit.
/// </summary>
/// <remarks>
/// Time comes from the injected <see cref="TimeProvider"/>, so tests drive it with a fake clock. Nothing is allocated
/// per signal, and the wake-up timer is created only when a signal has to wait. After <see cref="Dispose"/> no
/// refresh starts and both timers are gone. Use: <c>_live = new LiveRefresh(Clock, InvokeAsync, LoadAsync);</c> then
/// <c>Feed.Subscribe(e =&gt; _live.Signal())</c>, and dispose both in the component's <c>Dispose</c>.
/// </remarks>
public sealed class LiveRefresh : IDisposable
{
    /// <summary>The default spacing between refreshes: 100 ms, so at most 10 renders a second.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Func<Task> _refresh;
    private readonly TimeSpan _interval;
    private readonly ITimer? _every;
    private ITimer? _wake;
    private long _lastStart;
    private bool _ran, _pending, _armed, _running, _disposed;

    /// <param name="clock">The clock that spaces refreshes (the app's <see cref="TimeProvider"/>).</param>
    /// <param name="dispatch">Runs work on the component's circuit: pass the component's <c>InvokeAsync</c>.</param>
    /// <param name="refresh">Reloads what changed and re-renders (it calls <c>StateHasChanged</c> itself).</param>
    /// <param name="interval">Least time between the starts of two refreshes; defaults to <see cref="DefaultInterval"/>.</param>
    /// <param name="every">When set, also signals itself this often (clocks, countdowns, polling what has no event).</param>
    public LiveRefresh(TimeProvider clock, Func<Func<Task>, Task> dispatch, Func<Task> refresh, TimeSpan? interval = null, TimeSpan? every = null)
    {
        _clock = clock;
        _dispatch = dispatch;
        _refresh = refresh;
        _interval = interval ?? DefaultInterval;
        if (every is { } period)
            _every = clock.CreateTimer(static state => ((LiveRefresh)state!).Signal(), this, period, period);
    }

    /// <summary>The same, for a refresh that does not wait on anything (a re-render, a value already in memory).</summary>
    public LiveRefresh(TimeProvider clock, Func<Func<Task>, Task> dispatch, Action refresh, TimeSpan? interval = null, TimeSpan? every = null)
        : this(clock, dispatch, () => { refresh(); return Task.CompletedTask; }, interval, every)
    {
    }

    /// <summary>Asks for a refresh; safe from any thread, never blocks and never runs the refresh on the caller's thread
    /// except through <c>dispatch</c>.</summary>
    public void Signal()
    {
        TimeSpan wait;
        lock (_gate)
        {
            if (_disposed)
                return;
            _pending = true;
            if (_armed || _running)
                return;
            wait = Remaining();
            if (wait > TimeSpan.Zero)
                ArmLocked();
            else
                StartLocked();
        }
        if (wait > TimeSpan.Zero)
            Wake(wait);
        else
            _ = RunAsync();
    }

    /// <summary>Stops: no refresh starts after this, and the timers are released.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        _every?.Dispose();
        _wake?.Dispose();
    }

    private void OnWake()
    {
        lock (_gate)
        {
            _armed = false;
            if (_disposed || !_pending || _running)
                return;
            StartLocked();
        }
        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        while (true)
        {
            try
            {
                await _dispatch(_refresh);
            }
            catch (ObjectDisposedException)
            {
                // The circuit went away between the signal and the refresh: nothing left to draw.
            }
            catch
            {
                // A refresh that fails leaves the component to show its error; the next signal may try again.
                lock (_gate)
                    _running = false;
                throw;
            }
            TimeSpan wait;
            lock (_gate)
            {
                _running = false;
                if (_disposed || !_pending)
                    return;
                wait = Remaining();
                if (wait > TimeSpan.Zero)
                    ArmLocked();
                else
                    StartLocked();
            }
            if (wait > TimeSpan.Zero)
            {
                Wake(wait);
                return;
            }
        }
    }

    private TimeSpan Remaining() => _ran ? _interval - _clock.GetElapsedTime(_lastStart) : TimeSpan.Zero;

    private void StartLocked()
    {
        _pending = false;
        _running = true;
        _ran = true;
        _lastStart = _clock.GetTimestamp();
    }

    private void ArmLocked()
    {
        _armed = true;
        _wake ??= _clock.CreateTimer(static state => ((LiveRefresh)state!).OnWake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    // Outside the lock: a fake clock may fire the timer inside Change.
    private void Wake(TimeSpan wait)
    {
        try
        {
            _wake?.Change(wait, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between arming and waking: nothing more to run.
        }
    }
}
