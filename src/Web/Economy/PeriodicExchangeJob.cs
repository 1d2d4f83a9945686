using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Background work that runs once the exchange is rebuilt (so whatever fell due while the app was down is done at
/// once) and then every <see cref="Period"/>. A failed run is logged and retried at the next tick.
/// </summary>
public abstract class PeriodicExchangeJob(ExchangeHost host, ILogger logger) : BackgroundService
{
    /// <summary>The exchange the job's commands go to.</summary>
    protected ExchangeHost Host { get; } = host;

    protected abstract TimeSpan Period { get; }

    /// <summary>The clock the period is measured on: the system's unless a job runs on the app's own.</summary>
    protected virtual TimeProvider Clock => TimeProvider.System;

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Host.WriterReady.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Period, Clock);
        do
        {
            try
            {
                // Only the writer runs the exchange's own jobs (a node that lost the writer follows and skips them).
                if (Host.IsWriter)
                    await RunOnceAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "{Job} failed; retrying at the next tick", GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
