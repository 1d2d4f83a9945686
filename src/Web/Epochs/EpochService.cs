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
/// </summary>
public sealed class EpochService(
    ExchangeHost host,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    ILogger<EpochService> logger) : BackgroundService
{
    /// <summary>How often the service looks at the clock; an epoch closes at most this long after it ends.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once epoch 1 exists and overdue epochs are closed.</summary>
    public Task Started => _started.Task;

    /// <summary>An admin's "close now": ends the open epoch at this moment and closes it.</summary>
    public async Task<CloseOutcome> CloseNowAsync(string actor, CancellationToken cancellationToken = default)
    {
        var number = await OpenEpochNumberAsync(cancellationToken);
        return await host.SubmitAsync<CloseOutcome>(new CloseEpoch(number, Early: true) { By = Actor.Admin(actor) }, cancellationToken);
    }

    /// <summary>Closes every epoch whose end has passed, oldest first; returns how many closed.</summary>
    public async Task<int> CloseDueAsync(CancellationToken cancellationToken = default)
    {
        var closed = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var open = await db.Epochs.AsNoTracking().Where(e => e.Status == EpochStatus.Open)
                .OrderBy(e => e.Number).FirstOrDefaultAsync(cancellationToken);
            if (open is null || clock.GetUtcNow().UtcDateTime < open.EndsAt)
                return closed;
            var outcome = await host.SubmitAsync<CloseOutcome>(new CloseEpoch(open.Number, Early: false) { By = Actor.System("epochs") }, cancellationToken);
            if (outcome.Closed)
            {
                closed++;
                logger.LogInformation("Epoch {Number} closed: pool {Pool}, allocated {Allocated}, carried over {CarryOver}, {Agents} agents paid",
                    outcome.Number, outcome.Pool, outcome.Allocated, outcome.CarryOver, outcome.AgentsPaid);
            }
            else if (outcome.Status == CloseStatus.NotDue)
                return closed;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await host.Ready.WaitAsync(stoppingToken);
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
            logger.LogError(error, "Epochs could not start");
            _started.TrySetException(error);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Tick, stoppingToken);
                await CloseDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The close rolled back as a whole; try again on the next tick.
                logger.LogError(error, "Closing an epoch failed; it will be retried");
            }
        }
    }

    private async Task<long> OpenEpochNumberAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Epochs.Where(e => e.Status == EpochStatus.Open).OrderBy(e => e.Number)
            .Select(e => (long?)e.Number).FirstOrDefaultAsync(cancellationToken) ?? 0;
    }
}
