using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Keeps the stored trust key current as agents age: at start and every <c>Economy:TrustRefreshMinutes</c>
/// (default 60). Jobs and locks update the key themselves; only the age part needs this.
/// </summary>
public sealed class TrustRefresher(ExchangeHost host, TrustService trust, IConfiguration configuration, ILogger<TrustRefresher> logger)
    : PeriodicExchangeJob(host, logger)
{
    protected override TimeSpan Period => TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Economy:TrustRefreshMinutes", 60)));

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => trust.RefreshAllAsync(cancellationToken);
}
