namespace XpFlywheel.Web.Projection;

/// <summary>
/// How far the journal and the result tables are: <see cref="Committed"/> is the sequence of the last command the
/// writer made durable and answered, <see cref="Projected"/> the last one the result tables (orders, trades,
/// postings, balances) reflect. Readers wait here for the tables to reach what was answered before they read
/// (<see cref="ProjectedReads"/>), so nobody reads an order, a trade or a balance older than a result already given.
/// Thread-safe; one per process.
/// </summary>
public sealed class ProjectionProgress(TimeProvider clock)
{
    private long _committed;
    private long _projected;
    private long _projectedAtTicks;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    /// <summary>The journal sequence of the last durable, answered command.</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>The journal sequence the result tables reflect (the projection's checkpoint).</summary>
    public long Projected => Interlocked.Read(ref _projected);

    /// <summary>Commands answered but not yet in the result tables.</summary>
    public long Lag => Math.Max(0, Committed - Projected);

    /// <summary>While behind: how long since the result tables last moved (or since the first command they lack was answered); zero when caught up.</summary>
    public TimeSpan LagTime
    {
        get
        {
            if (Lag == 0)
                return TimeSpan.Zero;
            var since = Interlocked.Read(ref _projectedAtTicks);
            return since == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(0, clock.GetUtcNow().UtcTicks - since));
        }
    }

    /// <summary>
    /// Both at <paramref name="sequence"/>, for tables written by a new projection or read by a follower whose replica
    /// was just rebuilt from them: an earlier projection's failure (a writer that lost the writer to another and now
    /// follows it) no longer holds.
    /// </summary>
    public void Restart(long sequence)
    {
        lock (_gate)
            _fault = null;
        Reset(sequence);
    }

    /// <summary>Both at <paramref name="sequence"/>: the state at start, or after a batch written with its results.</summary>
    public void Reset(long sequence)
    {
        Interlocked.Exchange(ref _committed, sequence);
        Advance(sequence);
    }

    /// <summary>The writer committed through <paramref name="sequence"/>; the time is when the oldest lagging command was answered.</summary>
    public void Commit(long sequence)
    {
        if (Interlocked.Read(ref _committed) == Interlocked.Read(ref _projected))
            Interlocked.Exchange(ref _projectedAtTicks, clock.GetUtcNow().UtcTicks);
        Interlocked.Exchange(ref _committed, sequence);
    }

    /// <summary>The result tables now reflect every command through <paramref name="sequence"/>.</summary>
    public void Advance(long sequence)
    {
        TaskCompletionSource advanced;
        lock (_gate)
        {
            // Never back: the tables only move forward, whatever order two writes report in.
            Interlocked.Exchange(ref _projected, Math.Max(_projected, sequence));
            Interlocked.Exchange(ref _projectedAtTicks, clock.GetUtcNow().UtcTicks);
            advanced = _advanced;
            _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        advanced.TrySetResult();
    }

    /// <summary>The projection stopped with <paramref name="error"/>: whoever waits for it, and waits later, gets the error.</summary>
    public void Fault(Exception error)
    {
        TaskCompletionSource advanced;
        lock (_gate)
        {
            _fault = error;
            advanced = _advanced;
        }
        advanced.TrySetResult();
    }

    private Exception? _fault;

    /// <summary>
    /// Completes once the result tables reflect <paramref name="sequence"/>; at once when they already do.
    /// Throws <see cref="Exchange.ExchangeStoppedException"/> (an <see cref="InvalidOperationException"/>, with the
    /// projection's error inside) once the projection has stopped with an error.
    /// </summary>
    public ValueTask WaitForAsync(long sequence, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_projected >= sequence)
                return ValueTask.CompletedTask;
        }
        return WaitSlowlyAsync(sequence, cancellationToken);
    }

    private async ValueTask WaitSlowlyAsync(long sequence, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            while (true)
            {
                Task next;
                lock (_gate)
                {
                    if (_projected >= sequence)
                        return;
                    if (_fault is { } fault)
                        throw new Exchange.ExchangeStoppedException("The result tables stopped behind the journal; the exchange must restart to replay it.", fault);
                    next = _advanced.Task;
                }
                await next.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private int _waiting;

    /// <summary>Whether a reader (or the writer, before a batch that writes its own results) waits for the tables now.</summary>
    public bool HasWaiters => Volatile.Read(ref _waiting) > 0;

    /// <summary>Completes once the result tables reflect everything answered before this call.</summary>
    public ValueTask CaughtUpAsync(CancellationToken cancellationToken = default) => WaitForAsync(Committed, cancellationToken);
}
