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

    /// <summary>While a job keeps failing, how often it says so again.</summary>
    public static readonly TimeSpan FailureLogInterval = TimeSpan.FromSeconds(30);

    /// <summary>The clock the period is measured on: the system's unless a job runs on the app's own.</summary>
    protected virtual TimeProvider Clock => TimeProvider.System;

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Host.WriterReady.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Period, Clock);
        DateTimeOffset? loggedAt = null;
        var failures = 0;
        do
        {
            try
            {
                // Only the writer runs the exchange's own jobs (a node that lost the writer follows and skips them).
                if (Host.IsWriter)
                    await RunOnceAsync(stoppingToken);
                failures = 0;
                loggedAt = null;
            }
            // A cancellation that is not the app stopping (a database or Redis call cancelled under the run) is a
            // failed run like any other: caught, the job keeps its schedule instead of ending without a word.
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A job that ticks often and fails while the database is away logs once, then once per FailureLogInterval.
                failures++;
                var now = TimeProvider.System.GetUtcNow();
                if (loggedAt is null || now - loggedAt >= FailureLogInterval)
                {
                    logger.LogError(error, "{Job} failed ({Failures} runs in a row); retrying at the next tick", GetType().Name, failures);
                    loggedAt = now;
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
