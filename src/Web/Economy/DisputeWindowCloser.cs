using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Makes failures final once their dispute window passes undisputed (SPEC §3): once at start and then every
/// <c>Economy:DisputeCheckSeconds</c> (default 30).
/// </summary>
public sealed class DisputeWindowCloser(ExchangeHost host, DisputeService disputes, IConfiguration configuration, ILogger<DisputeWindowCloser> logger)
    : PeriodicExchangeJob(host, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Economy:DisputeCheckSeconds", 30)));

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var closed = await disputes.CloseDueAsync(cancellationToken);
        if (closed > 0)
            logger.LogInformation("Made {Count} failed jobs final after their dispute window", closed);
    }
}
