using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

/// <summary>
/// The jobs table's queries reach their rows through the index made for them, whatever SQLite would guess without
/// statistics: at 2,000,000 jobs one agent's recount read every counted job through the open-failures index (280 ms
/// on the writer for each job recorded).
/// </summary>
public sealed class JobIndexTests : IDisposable
{
    private readonly AppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [SqliteFact]
    public async Task Counted_jobs_of_one_provider_are_read_through_the_providers_index()
    {
        await using var db = await DbAsync();
        var rules = _app.Services.GetRequiredService<ParameterBoard>().Current.Rules;
        // The LINQ filter and the writer's compiled per-client count (the query a recorded job runs) alike.
        var query = ProviderRecords.Counted(db.Jobs, rules, DateTime.UtcNow).Where(j => j.ProviderAgentId >= 5 && j.ProviderAgentId <= 5);
        var perClient = ProviderRecords.CountedPerClientQuery.Compile()(db, 5, 5, rules.MinJobAmount.Micros);

        foreach (var sql in new[] { query.ToQueryString(), perClient.ToQueryString() })
        {
            var plan = await QueryPlans.OfAsync(db, sql);
            Assert.Contains("IX_Jobs_ProviderAgentId_At", plan);
            Assert.DoesNotContain("IX_Jobs_Standing_DisputableUntil", plan);
        }
    }

    [SqliteFact]
    public async Task Open_failures_are_read_through_the_unsettled_index()
    {
        await using var db = await DbAsync();
        var now = DateTime.UtcNow;
        var due = DisputeService.Unsettled(db.Jobs).Where(j => j.Standing == JobVerdict.AwaitingWindow && j.DisputableUntil <= now);
        var disputed = DisputeService.Unsettled(db.Jobs).Where(j => j.Standing == JobVerdict.Disputed);

        Assert.Contains("IX_Jobs_Standing_DisputableUntil", await QueryPlans.OfAsync(db, due.ToQueryString()));
        Assert.Contains("IX_Jobs_Standing_DisputableUntil", await QueryPlans.OfAsync(db, disputed.ToQueryString()));
    }

    private async Task<AppDbContext> DbAsync()
    {
        await _app.Services.GetRequiredService<Web.Exchange.ExchangeHost>().Ready;
        return await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
    }
}
