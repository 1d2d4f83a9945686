using Microsoft.Extensions.Hosting;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Releases unlocks whose waiting period has passed: once at start (so unlocks that fell due while the app was down
/// are released at once) and then every <c>Economy:UnlockCheckSeconds</c> (default 30).
/// </summary>
public sealed class UnlockReleaser(ExchangeHost host, LockService locks, IConfiguration configuration, ILogger<UnlockReleaser> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await host.Ready.WaitAsync(stoppingToken);
        var period = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Economy:UnlockCheckSeconds", 30)));
        using var timer = new PeriodicTimer(period);
        do
        {
            try
            {
                var released = await locks.ReleaseDueAsync(stoppingToken);
                if (released > 0)
                    logger.LogInformation("Released {Count} unlocks whose waiting period had passed", released);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "Releasing due unlocks failed; retrying at the next check");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
