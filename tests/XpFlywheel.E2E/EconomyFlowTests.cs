using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

public class EconomyFlowTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Locking_xp_raises_the_agents_trust_on_the_leaderboard_in_another_browser_without_reload() => RunAsync(async () =>
    {
        var owner = await OpenAsync();
        await RegisterAsync(owner, "e2e-locker@test.local", "Locker1!");
        await owner.WaitForURLAsync("**/wallet");
        await Operators.FundAsync(Fixture.App.Services, await OperatorIdAsync("e2e-locker@test.local"), 0, 5_000);

        await owner.GotoAsync("/agents");
        // Forms enable their button once the circuit is up; typing before that would be lost on the handoff.
        var register = owner.GetByRole(AriaRole.Button, new() { Name = "Register agent" });
        await Assertions.Expect(register).ToBeEnabledAsync();
        // A name too long is refused with its length, not cut short by the field without a word.
        await owner.GetByLabel("Name", new() { Exact = true }).FillAsync(new string('A', 81));
        await register.ClickAsync();
        await Assertions.Expect(owner.GetByText("The name can be at most 80 characters (81 now).")).ToBeVisibleAsync();
        await owner.GetByLabel("Name", new() { Exact = true }).FillAsync("E2E Sentinel");
        await register.ClickAsync();
        await Assertions.Expect(owner.GetByTestId("agent-table")).ToContainTextAsync("E2E Sentinel");
        // Registering says so.
        await Assertions.Expect(owner.GetByTestId("agent-registered")).ToContainTextAsync("\u201CE2E Sentinel\u201D registered");

        var visitor = await OpenAsync();
        await visitor.GotoAsync("/leaderboard");
        var row = visitor.Locator("[data-testid=leaderboard] tbody tr", new() { HasText = "E2E Sentinel" });
        await Assertions.Expect(row.GetByTestId("trust-score")).ToHaveTextAsync("0.0");

        await owner.GotoAsync("/locks");
        var lockButton = owner.GetByRole(AriaRole.Button, new() { Name = "Lock XP" });
        await Assertions.Expect(lockButton).ToBeEnabledAsync();
        // No trust preview for more XP than is available: that lock cannot happen.
        await owner.GetByLabel("XP to lock").FillAsync("999999");
        await owner.GetByLabel("XP to lock").BlurAsync();
        await Assertions.Expect(owner.GetByText("'s trust:")).ToHaveCountAsync(0);
        await owner.GetByLabel("XP to lock").FillAsync("1000");
        await owner.GetByLabel("XP to lock").BlurAsync();
        await Assertions.Expect(owner.GetByText("'s trust:")).ToHaveCountAsync(1);
        await lockButton.ClickAsync();
        await Assertions.Expect(owner.GetByTestId("lock-table")).ToContainTextAsync("1,000");

        // The visitor's page was never reloaded: the score arrives over the circuit.
        await Assertions.Expect(row.GetByTestId("trust-score")).ToHaveTextAsync("30.0");
    });

    [Fact]
    public Task Burning_to_bronze_drops_the_fee_on_the_next_job_from_2_5_to_2_percent() => RunAsync(async () =>
    {
        var services = Fixture.App.Services;
        var provider = await OpenAsync();
        await RegisterAsync(provider, "e2e-burner@test.local", "Burner1!");
        await provider.WaitForURLAsync("**/wallet");
        var providerId = await OperatorIdAsync("e2e-burner@test.local");
        await Operators.FundAsync(services, providerId, 0, 10_000);
        var agents = services.GetRequiredService<AgentService>();
        var providerAgent = (await agents.RegisterAsync(providerId, "E2E Furnace", null)).Value!.Id;
        var clientId = await Operators.CreateAsync(services, "e2e-client@test.local");
        await Operators.FundAsync(services, clientId, 1_000, 0);
        var clientAgent = (await agents.RegisterAsync(clientId, "E2E Customer", null)).Value!.Id;
        var jobs = services.GetRequiredService<JobService>();

        await jobs.RecordAsync(clientId, clientAgent, providerAgent, 100m, true);
        await provider.GotoAsync("/agents");
        var table = provider.GetByTestId("job-table");
        await Assertions.Expect(table.Locator("tbody tr").First).ToContainTextAsync("$2.50");
        await Assertions.Expect(table.Locator("tbody tr").First).ToContainTextAsync("Basic");
        // Agent names repeat across operators: each carries its number.
        await Assertions.Expect(table.Locator("tbody tr").First).ToContainTextAsync($"E2E Customer #{clientAgent}");

        await provider.GotoAsync("/tiers");
        await Assertions.Expect(provider.GetByTestId("effective-tier")).ToContainTextAsync("Basic · 2.50%");
        var burn = provider.GetByRole(AriaRole.Button, new() { Name = "Burn XP" });
        await Assertions.Expect(burn).ToBeEnabledAsync();
        await provider.GetByLabel("XP to burn").FillAsync("10000");
        await burn.ClickAsync();
        await Assertions.Expect(provider.GetByText("irreversible", new() { Exact = false })).ToBeVisibleAsync();
        await provider.GetByRole(AriaRole.Button, new() { Name = "Burn irreversibly" }).ClickAsync();
        await Assertions.Expect(provider.GetByTestId("effective-tier")).ToContainTextAsync("Bronze · 2.00%");

        await provider.GotoAsync("/agents");
        await Assertions.Expect(provider.GetByRole(AriaRole.Button, new() { Name = "Register agent" })).ToBeEnabledAsync();
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await jobs.RecordAsync(clientId, clientAgent, providerAgent, 100m, true);
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(table.Locator("tbody tr").First).ToContainTextAsync("$2.00");
        await Assertions.Expect(table.Locator("tbody tr").First).ToContainTextAsync("Bronze");
    });

    private async Task<long> OperatorIdAsync(string email)
    {
        await using var db = await Fixture.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Wallets.Where(w => w.User!.Email == email).Select(w => w.Id).SingleAsync();
    }
}
