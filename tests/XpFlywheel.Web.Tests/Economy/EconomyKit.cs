using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

/// <summary>The economy services of a running app, and helpers to set up funded operators with agents.</summary>
public sealed class EconomyKit(IServiceProvider services)
{
    public AgentService Agents => services.GetRequiredService<AgentService>();
    public JobService Jobs => services.GetRequiredService<JobService>();
    public BurnService Burns => services.GetRequiredService<BurnService>();
    public LockService Locks => services.GetRequiredService<LockService>();
    public TierService Tiers => services.GetRequiredService<TierService>();
    public TrustService Trust => services.GetRequiredService<TrustService>();
    public LeaderboardService Board => services.GetRequiredService<LeaderboardService>();
    public ExchangeHost Host => services.GetRequiredService<ExchangeHost>();

    public async Task<long> OperatorAsync(decimal dollars = 0, long xp = 0)
    {
        var id = await Operators.CreateAsync(services, $"op-{Guid.NewGuid():N}@test.local");
        await Operators.FundAsync(services, id, dollars, xp);
        return id;
    }

    public async Task<long> AgentAsync(long operatorId, string? name = null)
    {
        var result = await Agents.RegisterAsync(operatorId, name ?? $"agent-{Guid.NewGuid():N}"[..20], "test agent");
        Assert.True(result.Succeeded, result.Message);
        return result.Value!.Id;
    }

    public Task<long> BalanceAsync(AccountId account) => Host.ExecuteAsync(session => session.Ledger.Balance(account));

    public Task<string?> InvariantsAsync() => Host.ExecuteAsync(session => session.Ledger.CheckInvariants());

    public async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await read(db);
    }
}
