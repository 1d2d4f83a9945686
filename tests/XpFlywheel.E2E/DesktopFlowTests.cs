using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

[Collection(PagesBrowserCollection.Name)]
public class DesktopFlowTests(PagesBrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>
    /// At 1280 px (a laptop, with the navigation drawer open) every table shows all its columns: none scrolls its last
    /// ones (the close preview's allocation, say) out of view inside its own box.
    /// </summary>
    [Fact]
    public Task No_table_hides_columns_at_1280_pixels() => RunAsync(async () =>
    {
        var services = Fixture.App.Services;
        await SitePages.SeedOperatorAsync(services, "e2e-desktop@test.local");
        // A provider with enough jobs to be eligible, so the close preview on /admin has rows.
        var provider = await Operators.CreateAsync(services, "e2e-desktop-provider@test.local");
        var agents = services.GetRequiredService<AgentService>();
        var providerAgent = (await agents.RegisterAsync(provider, "Desktop-Provider-1", null)).Value!.Id;
        var jobs = services.GetRequiredService<JobService>();
        for (var i = 0; i < 4; i++)
        {
            var client = await Operators.CreateAsync(services, $"e2e-desktop-client-{i}@test.local");
            await Operators.FundAsync(services, client, 1_000, 0);
            var clientAgent = (await agents.RegisterAsync(client, $"Desktop-Client-{i}", null)).Value!.Id;
            Assert.True((await jobs.RecordAsync(client, clientAgent, providerAgent, 100m + i, succeeded: true)).Succeeded);
        }
        var hidden = new List<string>();

        var operatorPage = await OpenAsync(1280, 900);
        await LoginAsync(operatorPage, "e2e-desktop@test.local", "Operator1!");
        await operatorPage.WaitForURLAsync("**/market");
        await CheckAsync(operatorPage, SitePages.Operator, hidden);

        var admin = await OpenAsync(1280, 900);
        await LoginAsync(admin, AppFactory.AdminEmail, AppFactory.AdminPassword);
        await admin.WaitForURLAsync(url => !url.Contains("/Account/Login"));
        await CheckAsync(admin, SitePages.Admin, hidden);

        Assert.True(hidden.Count == 0, "Tables scrolling sideways at 1280 px: " + string.Join(", ", hidden));
    });

    private async Task CheckAsync(IPage page, IEnumerable<string> paths, List<string> hidden)
    {
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            if (!path.StartsWith("/Account", StringComparison.Ordinal))
                await WaitForCircuitAsync(page);
            await page.WaitForTimeoutAsync(500);
            var scrolling = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('table')].map(t => t.closest('.mud-table-container') ?? t.parentElement).filter(c => c.scrollWidth > c.clientWidth + 1).map(c => (c.closest('[data-testid]')?.getAttribute('data-testid') ?? c.className) + ' ' + c.scrollWidth + '/' + c.clientWidth)");
            foreach (var table in scrolling)
                hidden.Add($"{path} ({table})");
        }
    }
}
