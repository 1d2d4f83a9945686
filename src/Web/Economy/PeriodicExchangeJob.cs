using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Background work that runs once the exchange is rebuilt (so whatever fell due while the app was down is done at
/// once) and then every <see cref="Period"/>. A failed run is logged and retried at the next tick.
/// </summary>
public abstract class PeriodicExchangeJob(ExchangeHost host, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Period { get; }

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await host.WriterReady.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                // Only the writer runs the exchange's own jobs (a node that lost the writer follows and skips them).
                if (host.IsWriter)
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
