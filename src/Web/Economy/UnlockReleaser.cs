using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Releases unlocks whose waiting period has passed: once at start (so unlocks that fell due while the app was down
/// are released at once) and then every <c>Economy:UnlockCheckSeconds</c> (default 30).
/// </summary>
public sealed class UnlockReleaser(ExchangeHost host, LockService locks, IConfiguration configuration, ILogger<UnlockReleaser> logger)
    : PeriodicExchangeJob(host, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Economy:UnlockCheckSeconds", 30)));

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var released = await locks.ReleaseDueAsync(cancellationToken);
        if (released > 0)
            logger.LogInformation("Released {Count} unlocks whose waiting period had passed", released);
    }
}
