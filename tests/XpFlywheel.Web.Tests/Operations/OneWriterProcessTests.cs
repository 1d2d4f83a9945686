using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Operations;

// Real processes on one database file, as an overlapping deploy would start them. Each test kills what it started.
public sealed class OneWriterProcessTests
{
    private static readonly TimeSpan RefusalBound = TimeSpan.FromSeconds(60);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));

    [SqliteFact]
    public async Task SecondProcessOnTheSameDatabaseIsRefusedAndTheFirstKeepsTrading()
    {
        var key = await SeedTraderAsync();
        await using var first = AppProcess.Start(_folder);
        await first.WaitUntilHealthyAsync();
        first.Http.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.Created, (await PlaceBuyAsync(first.Http)).StatusCode);

        await using var second = AppProcess.Start(_folder);
        var exitCode = await second.WaitForExitAsync(RefusalBound);

        Assert.Equal(3, exitCode);
        Assert.Contains($"Another process holds the writer for the database {Path.Combine(_folder, "app.db")}", second.Output);
        // One line saying why, as every start that stops for a reason the operator can act on (README): no stack trace.
        Assert.DoesNotContain("   at ", second.Output);
        var health = await first.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        var placed = await PlaceBuyAsync(first.Http);
        Assert.True(placed.StatusCode == HttpStatusCode.Created, await placed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AKilledWriterDoesNotBlockTheNextStartOnItsDatabase()
    {
        await using (var killed = AppProcess.Start(_folder))
        {
            await killed.WaitUntilHealthyAsync();
            await killed.KillAsync();
        }
        // The lock file stays behind: only an open handle is the lock, and the OS closed it with the process.
        Assert.True(File.Exists(Path.Combine(_folder, "app.db.writer.lock")));

        await using var next = AppProcess.Start(_folder);
        await next.WaitUntilHealthyAsync();

        Assert.Equal("Healthy", await next.Http.GetStringAsync("/health"));
    }

    // An operator with cash and an API key, made by the app's own services in this process, which then lets go of the
    // database: a key is shown once on the API keys page, so it cannot be fetched from a running process over HTTP.
    private async Task<string> SeedTraderAsync()
    {
        await using var seed = new AppFactory { Folder = _folder };
        var trader = await Operators.CreateAsync(seed.Services, "two-processes@test.local");
        await Operators.FundAsync(seed.Services, trader, 100, 0);
        var (key, _) = await seed.Services.GetRequiredService<ApiKeyService>().CreateAsync(trader, "two processes");
        return key!.Secret;
    }

    private static Task<HttpResponseMessage> PlaceBuyAsync(HttpClient http) =>
        http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 100 });
}
