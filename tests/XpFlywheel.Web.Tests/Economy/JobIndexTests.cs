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
        var query = ProviderRecords.Counted(db.Jobs, rules, DateTime.UtcNow).Where(j => j.ProviderAgentId >= 5 && j.ProviderAgentId <= 5);

        var plan = await PlanAsync(db, query.ToQueryString());

        Assert.Contains("IX_Jobs_ProviderAgentId_At", plan);
        Assert.DoesNotContain("IX_Jobs_Standing_DisputableUntil", plan);
    }

    [SqliteFact]
    public async Task Open_failures_are_read_through_the_unsettled_index()
    {
        await using var db = await DbAsync();
        var now = DateTime.UtcNow;
        var due = DisputeService.Unsettled(db.Jobs).Where(j => j.Standing == JobVerdict.AwaitingWindow && j.DisputableUntil <= now);
        var disputed = DisputeService.Unsettled(db.Jobs).Where(j => j.Standing == JobVerdict.Disputed);

        Assert.Contains("IX_Jobs_Standing_DisputableUntil", await PlanAsync(db, due.ToQueryString()));
        Assert.Contains("IX_Jobs_Standing_DisputableUntil", await PlanAsync(db, disputed.ToQueryString()));
    }

    private async Task<AppDbContext> DbAsync()
    {
        await _app.Services.GetRequiredService<Web.Exchange.ExchangeHost>().Ready;
        return await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
    }

    // SQLite's plan for the query EF wrote: its ".param set @name value" lines become parameters.
    private static async Task<string> PlanAsync(AppDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var lines = sql.Split('\n');
        foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = line.Trim().Split(' ', 4);
            var parameter = command.CreateParameter();
            parameter.ParameterName = parts[2];
            parameter.Value = parts[3].Trim('\'');
            command.Parameters.Add(parameter);
        }
        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            plan.Add(reader.GetString(3));
        return string.Join("; ", plan);
    }
}
