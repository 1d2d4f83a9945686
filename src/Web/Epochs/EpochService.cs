using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// Keeps epochs turning: starts epoch 1 the first time the app runs, then closes each epoch once its end has
/// passed, on the single writer. After downtime it closes every overdue epoch in order before anything else
/// (each close starts the next at the previous end, so the calendar never drifts). Closing is exactly once by
/// construction (<see cref="EpochCloser"/>), so a retry after a crash or a race with "close now" is harmless.
/// <para>
/// A close that fails rolls back whole, and the writer then reloads every balance: retried on every tick, a close
/// that cannot succeed would keep the writer busy and stall trading. So failures back off (<see cref="RetryDelay"/>,
/// timed by the app's clock), each kind of failure is logged once per run of failures, and the latest is shown to
/// admins (<see cref="CloseFailure"/>) until a close succeeds.
/// </para>
/// </summary>
public sealed class EpochService(
    ExchangeHost host,
    IDbContextFactory<AppDbContext> dbFactory,
    Parameters.ParameterBoard parameters,
    TimeProvider clock,
    ILogger<EpochService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _closeGate = new(1, 1);

    /// <summary>Held by whatever closes an epoch in this process (one close at a time); a test holds it to be that close.</summary>
    internal SemaphoreSlim CloseGate => _closeGate;

    /// <summary>How often the service looks at the clock; an epoch closes at most this long after it ends.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    /// <summary>The wait after the first failed close; it doubles with each further failure in a row.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts, however many have failed.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly HashSet<string> _loggedFailures = [];
    private EpochCloseFailure? _failure;

    /// <summary>The latest failed close while closes keep failing; null once one succeeds (or before any failed).</summary>
    public EpochCloseFailure? CloseFailure
    {
        get
        {
            lock (_gate)
                return _failure;
        }
    }

    /// <summary>
    /// How long to wait after <paramref name="failedAttempts"/> failures in a row: <see cref="FirstRetryDelay"/>,
    /// doubling each time, never more than <see cref="MaxRetryDelay"/>.
    /// </summary>
    public static TimeSpan RetryDelay(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var doublings = Math.Min(failedAttempts - 1, 20);
        var delay = FirstRetryDelay * Math.Pow(2, doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    /// <summary>Completes once epoch 1 exists and overdue epochs are closed.</summary>
    public Task Started => _started.Task;

    /// <summary>
    /// An admin's "close now": ends the open epoch at this moment (<see cref="EndEpoch"/>), then closes it as a due
    /// epoch, scored off the writer first. With <paramref name="number"/> (the epoch the admin saw and confirmed), a
    /// request that finds another epoch open (that one closed meanwhile) closes nothing and answers
    /// <see cref="CloseStatus.AlreadyClosed"/> for it.
    /// </summary>
    public async Task<CloseOutcome> CloseNowAsync(string actor, long? number = null, CancellationToken cancellationToken = default, string? address = null)
    {
        // One close at a time in this process: the ticking service must not close the ended epoch under the admin.
        await _closeGate.WaitAsync(cancellationToken);
        try
        {
            await FinishPayingAsync(cancellationToken);
            var open = await OpenEpochNumberAsync(cancellationToken);
            if (number is { } confirmed && confirmed != open)
                return new CloseOutcome(confirmed < open ? CloseStatus.AlreadyClosed : CloseStatus.Unknown, confirmed);
            await host.SubmitAsync<bool>(new EndEpoch(open) { By = Actor.Admin(actor, address) }, cancellationToken);
            var outcome = await CloseScoredAsync(open, Actor.Admin(actor, address), cancellationToken);
            Succeeded();
            return outcome;
        }
        finally
        {
            _closeGate.Release();
        }
    }

    /// <summary>
    /// Score lines per <see cref="StageEpochScore"/> part, and about as many per <see cref="PayEpochPart"/>: each part
    /// holds the writer for a few milliseconds, so trading waits at most that long for a close (docs/benchmarks.md).
    /// </summary>
    public int LinesPerPart { get; set; } = 500;

    private static readonly Actor Service = Actor.System("epochs");

    /// <summary>
    /// Closes epoch <paramref name="number"/> by parts (<see cref="EpochPayout"/>): scores it off the writer
    /// (<see cref="EpochCloser.ScoreBefore"/>), stages the score on the writer <see cref="LinesPerPart"/> lines at a
    /// time, closes it against the staged totals, then pays it one range of operators at a time. When its work keeps
    /// changing under the scoring (three tries), the writer scores and pays it in one command instead.
    /// </summary>
    private async Task<CloseOutcome> CloseScoredAsync(long number, Actor by, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            EpochScore? score;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
                score = await Task.Run(() => EpochCloser.ScoreBefore(db, number, parameters.Current), cancellationToken);
            var scored = watch.Elapsed;
            if (score is null || !await StageAsync(number, score, cancellationToken))
                continue;
            var stagedAt = watch.Elapsed;
            var staged = new StagedClose(score.Basis, score.EndsAt, score.Pool, score.Parameters, score.Rules, score.Lines.Count, score.Allocated, score.CarryOver);
            var outcome = await host.SubmitAsync<CloseOutcome>(new CloseEpoch(number, Early: false) { By = by, Staged = staged }, cancellationToken);
            if (outcome.Status != CloseStatus.Paying)
                return outcome;
            var closedAt = watch.Elapsed;
            outcome = await PayAsync(number, cancellationToken);
            LastCloseByParts = new EpochCloseTimings(number, score.Lines.Count, scored, stagedAt - scored, closedAt - stagedAt, watch.Elapsed - closedAt);
            logger.LogInformation("Epoch {Number} closed by parts: {Lines} lines scored in {Scored} ms, staged in {Staged} ms, closed in {Closed} ms, paid in {Paid} ms",
                number, score.Lines.Count, (long)scored.TotalMilliseconds, (long)(stagedAt - scored).TotalMilliseconds,
                (long)(closedAt - stagedAt).TotalMilliseconds, (long)(watch.Elapsed - closedAt).TotalMilliseconds);
            return outcome;
        }
        return await host.SubmitAsync<CloseOutcome>(new CloseEpoch(number, Early: false) { By = by }, cancellationToken);
    }

    /// <summary>How long the phases of this process's latest close by parts took; null before the first.</summary>
    public EpochCloseTimings? LastCloseByParts { get; private set; }

    // Stages the score's lines in ascending agent order, LinesPerPart a command; false when the writer refused a part
    // (the epoch's work moved since the score was read).
    private async Task<bool> StageAsync(long number, EpochScore score, CancellationToken cancellationToken)
    {
        var lines = score.Lines.OrderBy(l => l.AgentId).ToArray();
        var part = 0;
        foreach (var chunk in lines.Length == 0 ? [[]] : lines.Chunk(Math.Max(1, LinesPerPart)))
        {
            if (!await host.SubmitAsync<bool>(new StageEpochScore(number, score.Basis, part++, chunk) { By = Service }, cancellationToken))
                return false;
        }
        return true;
    }

    // Pays a paying epoch from where it stands, one range of operators (about LinesPerPart lines) a command, the last
    // range open-ended so it always finishes; returns the outcome of the part that closed it.
    private async Task<CloseOutcome> PayAsync(long number, CancellationToken cancellationToken)
    {
        while (true)
        {
            List<(long OperatorId, int Lines)> left;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var epoch = await db.Epochs.AsNoTracking().SingleAsync(e => e.Number == number, cancellationToken);
                if (epoch.Status != EpochStatus.Paying)
                    return new CloseOutcome(epoch.Status == EpochStatus.Closed ? CloseStatus.AlreadyClosed : CloseStatus.Unknown, number,
                        epoch.Pool, epoch.Allocated, epoch.CarryOut, epoch.AgentsPaid);
                var from = epoch.PaidThroughOperator ?? long.MinValue;
                left = (await db.EpochScoreLines.AsNoTracking().Where(l => l.EpochNumber == number && l.OperatorId > from)
                        .GroupBy(l => l.OperatorId).Select(g => new { g.Key, Lines = g.Count() }).OrderBy(g => g.Key).ToListAsync(cancellationToken))
                    .Select(g => (g.Key, g.Lines)).ToList();
            }
            var refused = false;
            foreach (var through in Ranges(left, LinesPerPart))
            {
                var outcome = await host.SubmitAsync<CloseOutcome>(new PayEpochPart(number, through) { By = Service }, cancellationToken);
                if (outcome.Status == CloseStatus.Closed)
                    return outcome;
                if (outcome.Status != CloseStatus.Paying)
                {
                    refused = true; // another close of this process or a new leader paid meanwhile: read where it stands
                    break;
                }
            }
            if (!refused)
                throw new InvalidOperationException($"Epoch {number} was paid through every operator and is still paying.");
        }
    }

    /// <summary>
    /// The operator ids each pay part runs through: consecutive operators grouped until a group holds at least
    /// <paramref name="linesPerPart"/> lines, the last part through <see cref="long.MaxValue"/>.
    /// </summary>
    internal static IEnumerable<long> Ranges(IReadOnlyList<(long OperatorId, int Lines)> operators, int linesPerPart)
    {
        var lines = 0;
        for (var i = 0; i < operators.Count - 1; i++)
        {
            lines += operators[i].Lines;
            if (lines >= linesPerPart)
            {
                yield return operators[i].OperatorId;
                lines = 0;
            }
        }
        yield return long.MaxValue;
    }

    // Finishes an epoch left paying (a restart half-way through, or a new leader): before any other close.
    private async Task<int> FinishPayingAsync(CancellationToken cancellationToken)
    {
        long? paying;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            paying = await db.Epochs.AsNoTracking().Where(e => e.Status == EpochStatus.Paying).OrderBy(e => e.Number)
                .Select(e => (long?)e.Number).FirstOrDefaultAsync(cancellationToken);
        if (paying is not { } number)
            return 0;
        var outcome = await PayAsync(number, cancellationToken);
        if (outcome.Closed)
            Log(outcome);
        return outcome.Closed ? 1 : 0;
    }

    private void Log(CloseOutcome outcome) =>
        logger.LogInformation("Epoch {Number} closed: pool {Pool}, allocated {Allocated}, carried over {CarryOver}, {Agents} agents paid",
            outcome.Number, outcome.Pool, outcome.Allocated, outcome.CarryOver, outcome.AgentsPaid);

    /// <summary>Closes every epoch whose end has passed, oldest first; returns how many closed.</summary>
    public async Task<int> CloseDueAsync(CancellationToken cancellationToken = default)
    {
        var closed = 0;
        while (true)
        {
            await _closeGate.WaitAsync(cancellationToken);
            try
            {
                closed += await FinishPayingAsync(cancellationToken);
            }
            finally
            {
                _closeGate.Release();
            }
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var open = await db.Epochs.AsNoTracking().Where(e => e.Status == EpochStatus.Open)
                .OrderBy(e => e.Number).FirstOrDefaultAsync(cancellationToken);
            if (open is null || clock.GetUtcNow().UtcDateTime < open.EndsAt)
                return closed;
            CloseOutcome outcome;
            await _closeGate.WaitAsync(cancellationToken);
            try
            {
                outcome = await CloseScoredAsync(open.Number, Service, cancellationToken);
            }
            finally
            {
                _closeGate.Release();
            }
            if (outcome.Closed)
            {
                closed++;
                Log(outcome);
            }
            else if (outcome.Status == CloseStatus.NotDue)
                return closed;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await host.WriterReady.WaitAsync(stoppingToken);
            await host.SubmitAsync<long>(new StartEpochs { By = Actor.System("epochs") }, stoppingToken);
            await CloseDueAsync(stoppingToken);
            _started.TrySetResult();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _started.TrySetCanceled(stoppingToken);
            return;
        }
        catch (Exception error)
        {
            Failed(error, "Epochs could not start");
            _started.TrySetException(error);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Tick, stoppingToken);
                if (CloseFailure is { } failure && clock.GetUtcNow() < failure.NextRetryAt)
                    continue;
                if (!host.IsWriter)
                    continue;
                await CloseDueAsync(stoppingToken);
                Succeeded();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The close rolled back as a whole; it is tried again once the back-off has passed.
                Failed(error, "Closing an epoch failed");
            }
        }
    }

    private void Failed(Exception error, string what)
    {
        var cause = error.GetBaseException();
        var now = clock.GetUtcNow();
        EpochCloseFailure failure;
        bool firstOfItsKind;
        lock (_gate)
        {
            var attempts = (_failure?.Attempts ?? 0) + 1;
            failure = new EpochCloseFailure(now, cause.Message, attempts, now + RetryDelay(attempts));
            _failure = failure;
            firstOfItsKind = _loggedFailures.Add($"{cause.GetType().FullName}: {cause.Message}");
        }
        // Once per kind of failure in a run: the same error every few seconds (or minutes) buries everything else.
        if (firstOfItsKind)
            logger.LogError(error, "{What} (attempt {Attempts}); retrying at {NextRetryAt:u}, then less often while it keeps failing",
                what, failure.Attempts, failure.NextRetryAt);
        else
            logger.LogDebug("{What} again (attempt {Attempts}): {Error}; retrying at {NextRetryAt:u}",
                what, failure.Attempts, failure.Error, failure.NextRetryAt);
    }

    private void Succeeded()
    {
        EpochCloseFailure? ended;
        lock (_gate)
        {
            ended = _failure;
            _failure = null;
            _loggedFailures.Clear();
        }
        if (ended is not null)
            logger.LogInformation("Epochs are closing again after {Attempts} failed attempts", ended.Attempts);
    }

    private async Task<long> OpenEpochNumberAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Epochs.Where(e => e.Status == EpochStatus.Open).OrderBy(e => e.Number)
            .Select(e => (long?)e.Number).FirstOrDefaultAsync(cancellationToken) ?? 0;
    }
}
