using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Tests.Integration;
using Xunit.Abstractions;

namespace XpFlywheel.Web.Tests.Epochs;

// 40,000 agents is more than the 32,766 variables SQLite allows in one statement: any query that sends one
// parameter per agent (or per operator: each agent here has its own) fails at this size.
public sealed class EpochScaleTests : IDisposable
{
    private const int Agents = 40_000;
    private static readonly DateTimeOffset T0 = new(2027, 5, 3, 0, 0, 0, TimeSpan.Zero);
    private readonly TestClock _clock = new(T0);
    private readonly ClockedAppFactory _factory;
    private readonly ITestOutputHelper _output;

    public EpochScaleTests(ITestOutputHelper output)
    {
        _output = output;
        _factory = new ClockedAppFactory(_clock);
        _factory.Settings["Epochs:Length"] = "01:00:00";
    }

    public void Dispose() => _factory.Dispose();

    /// <summary>Three client operators, and <see cref="Agents"/> provider operators whose agents each did 3-4 jobs for them in epoch 1.</summary>
    private async Task<(IServiceProvider Services, IReadOnlyList<long> Providers)> PopulatedAsync()
    {
        var services = _factory.Services;
        await services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        var clients = new List<(long Operator, long Agent)>();
        for (var c = 0; c < 3; c++)
        {
            var client = await Operators.CreateAsync(services, $"scale-client{c}@test.local");
            clients.Add((client, await EconomyRows.AgentAsync(services, client, $"scale-buyer{c}")));
        }
        var watch = Stopwatch.StartNew();
        var providers = await WorkingPopulation.InsertAsync(_factory.DatabasePath, Agents, clients, T0.UtcDateTime.AddMinutes(1));
        _output.WriteLine($"Inserted {Agents} working agents in {watch.Elapsed.TotalSeconds:0.0} s");
        return (services, providers);
    }

    private async Task<T> ReadAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    [SqliteFact]
    public async Task The_live_preview_scores_and_names_every_one_of_40000_working_agents()
    {
        var (services, _) = await PopulatedAsync();
        _clock.Advance(TimeSpan.FromMinutes(55));
        var reader = services.GetRequiredService<EpochReader>();

        var watch = Stopwatch.StartNew();
        var current = await reader.CurrentAsync();
        var lines = await reader.PreviewLinesAsync(current!);
        _output.WriteLine($"Preview of {lines.Count} lines in {watch.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(Agents, current!.EligibleAgents);
        Assert.Equal(Agents, lines.Count);
        Assert.Equal(current.Pool, lines.Sum(l => l.Allocation));
        Assert.All(lines, l => Assert.StartsWith(WorkingPopulation.AgentPrefix, l.AgentName));
        Assert.All(lines, l => Assert.StartsWith(WorkingPopulation.OperatorPrefix, l.OperatorName));

        var admin = _factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(admin, AppFactory.AdminEmail, AppFactory.AdminPassword);
        var overview = await admin.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("Close now", await overview.Content.ReadAsStringAsync());
    }

    [SqliteFact]
    public async Task The_first_html_of_the_epochs_page_does_not_wait_for_the_preview_of_40000_agents()
    {
        await PopulatedAsync();
        var http = _factory.CreateClient();
        var reader = _factory.Services.GetRequiredService<EpochReader>();
        Assert.Null(reader.Cached());

        var first = await http.GetStringAsync("/epochs");

        // The card is loading and the history is there; the preview is being computed meanwhile.
        Assert.Contains("Scoring the current epoch", first);
        Assert.Contains("History", first);
        var current = await reader.CurrentAsync();
        Assert.NotNull(current);
        var later = await http.GetStringAsync("/epochs");
        Assert.DoesNotContain("Scoring the current epoch", later);
        Assert.Contains("Epoch 1", later);
    }

    [SqliteFact]
    public async Task An_epoch_of_40000_eligible_agents_closes_with_allocations_summing_exactly_to_the_pool()
    {
        var (services, providers) = await PopulatedAsync();
        var http = _factory.CreateClient();
        _clock.Advance(TimeSpan.FromMinutes(55));
        var current = await http.GetFromJsonAsync<JsonElement>("/api/v1/epochs/current");
        Assert.Equal(Agents, current.GetProperty("eligibleAgents").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/epochs")).StatusCode);

        _clock.Advance(TimeSpan.FromMinutes(5));
        var watch = Stopwatch.StartNew();
        await services.GetRequiredService<EpochService>().CloseDueAsync();
        _output.WriteLine($"Closed in {watch.Elapsed.TotalSeconds:0.0} s");

        var epoch = await ReadAsync(db => db.Epochs.SingleAsync(e => e.Number == 1));
        Assert.Equal(EpochStatus.Closed, epoch.Status);
        Assert.Equal(1_000_000, epoch.Pool);
        Assert.Equal(0, epoch.CarryOut);
        Assert.Equal(epoch.Pool, epoch.Allocated + epoch.CarryOut);
        Assert.Equal(Agents, await ReadAsync(db => db.EpochAllocations.CountAsync(a => a.EpochNumber == 1)));
        Assert.Equal(epoch.Allocated, await ReadAsync(db => db.EpochAllocations.Where(a => a.EpochNumber == 1).SumAsync(a => a.Allocation)));
        Assert.Equal(epoch.AgentsPaid, await ReadAsync(db => db.EpochAllocations.CountAsync(a => a.EpochNumber == 1 && a.Allocation > 0)));
        Assert.Equal(epoch.Allocated, await ReadAsync(db => db.Agents.SumAsync(a => a.EarnedLastEpoch)));
        var (first, last) = (providers[0], providers[^1]);
        Assert.Equal(epoch.Allocated, await ReadAsync(db => db.Wallets.Where(w => w.Id >= first && w.Id <= last).SumAsync(w => w.XpAvailable)));
        Assert.Empty((await services.GetRequiredService<SupplyReport>().ComputeAsync()).Problems);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/epochs/current")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/epochs")).StatusCode);
        // The API pages the lines (at most 1,000 a page); reading every page gives each line once.
        var items = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var allocations = await http.GetFromJsonAsync<JsonElement>($"/api/v1/epochs/1/allocations?page={page}&size=1000");
            Assert.Equal(Agents, allocations.GetProperty("total").GetInt32());
            var lines = allocations.GetProperty("allocations").EnumerateArray().ToList();
            items.AddRange(lines);
            if (lines.Count < 1000)
                break;
        }
        Assert.Equal(Agents, items.Count);
        Assert.Equal(Agents, items.Select(i => i.GetProperty("agentId").GetInt64()).Distinct().Count());
        Assert.Equal(epoch.Allocated, items.Sum(i => i.GetProperty("allocation").GetInt64()));
        Assert.All(items, i => Assert.StartsWith(WorkingPopulation.AgentPrefix, i.GetProperty("agent").GetString()));
        Assert.All(items, i => Assert.StartsWith(WorkingPopulation.OperatorPrefix, i.GetProperty("operator").GetString()));

        // Every paid operator is told, a few hundred notifications per transaction rather than one each.
        var deadline = Stopwatch.StartNew();
        var notified = 0;
        while (notified < epoch.AgentsPaid && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
            notified = await ReadAsync(db => db.Notifications.CountAsync(n => n.Kind == XpFlywheel.Web.Notifications.EconomyNotifier.EpochPaidKind));
        }
        _output.WriteLine($"Notified {notified} operators {deadline.Elapsed.TotalSeconds:0.0} s after the checks above");
        Assert.Equal(epoch.AgentsPaid, notified);
    }
}
