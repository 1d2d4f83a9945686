using Microsoft.Extensions.Hosting;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Keeps the stored trust key current as agents age: at start and every <c>Economy:TrustRefreshMinutes</c>
/// (default 60). Jobs and locks update the key themselves; only the age part needs this.
/// </summary>
public sealed class TrustRefresher(ExchangeHost host, TrustService trust, IConfiguration configuration, ILogger<TrustRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await host.Ready.WaitAsync(stoppingToken);
        var period = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Economy:TrustRefreshMinutes", 60)));
        using var timer = new PeriodicTimer(period);
        do
        {
            try
            {
                await trust.RefreshAllAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "Refreshing trust scores failed; retrying at the next refresh");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
