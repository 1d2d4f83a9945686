namespace XpFlywheel.Web.Economy;

public static class EconomyExtensions
{
    /// <summary>Agents, jobs, burns, locks, tiers, trust and the leaderboard, with the unlock and trust background services.</summary>
    public static WebApplicationBuilder AddEconomy(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<AgentService>();
        services.AddSingleton<JobService>();
        services.AddSingleton<BurnService>();
        services.AddSingleton<LockService>();
        services.AddSingleton<TierService>();
        services.AddSingleton<TrustService>();
        services.AddSingleton<LeaderboardService>();
        services.AddSingleton<DisputeService>();
        services.AddHostedService<UnlockReleaser>();
        services.AddHostedService<TrustRefresher>();
        services.AddHostedService<DisputeWindowCloser>();
        return builder;
    }
}
