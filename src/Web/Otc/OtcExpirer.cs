using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Otc;

/// <summary>
/// Expires OTC offers (releasing their holds) and requests whose time has passed: once at start, then every
/// <c>Otc:ExpiryCheckSeconds</c> (default 5), each run one journaled <see cref="Core.Commands.ExpireOtc"/> per batch.
/// </summary>
public sealed class OtcExpirer(ExchangeHost host, OtcService otc, IConfiguration configuration, ILogger<OtcExpirer> logger)
    : PeriodicExchangeJob(host, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Otc:ExpiryCheckSeconds", 5)));

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var expired = await otc.ExpireDueAsync(cancellationToken);
        if (expired > 0)
            logger.LogInformation("Expired {Count} OTC offers and requests", expired);
    }
}
