using Deque.AxeCore.Playwright;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

[Collection(PagesBrowserCollection.Name)]
public class AccessibilityFlowTests(PagesBrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Every_page_has_no_serious_or_critical_axe_violation_signed_out_and_in_light_and_dark() => RunAsync(async () =>
    {
        var agent = await SitePages.SeedOperatorAsync(Fixture.App.Services, "e2e-axe@test.local");
        var problems = new List<string>();

        var visitor = await OpenAsync();
        await CheckAsync(visitor, "visitor", SitePages.Public, problems);

        var operatorPage = await OpenAsync();
        await LoginAsync(operatorPage, "e2e-axe@test.local", "Operator1!");
        await operatorPage.WaitForURLAsync("**/market");
        await CheckAsync(operatorPage, "operator", [.. SitePages.Operator, $"/agents/{agent}"], problems);

        var admin = await OpenAsync();
        await LoginAsync(admin, AppFactory.AdminEmail, AppFactory.AdminPassword);
        await admin.WaitForURLAsync(url => !url.Contains("/Account/Login"));
        await CheckAsync(admin, "admin", SitePages.Admin, problems);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    });

    [Fact]
    public Task Skip_links_take_the_keyboard_past_the_menus_to_the_page_and_on_the_market_to_the_ticket() => RunAsync(async () =>
    {
        await SitePages.SeedOperatorAsync(Fixture.App.Services, "e2e-skip@test.local");
        var page = await OpenAsync();
        await LoginAsync(page, "e2e-skip@test.local", "Operator1!");
        await page.WaitForURLAsync("**/market");
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("order-entry")).ToBeVisibleAsync();
        const string focused = "() => { const e = document.activeElement; return e.id || e.dataset.testid || e.tagName; }";

        // The first thing Tab reaches on the page; hidden until focused, then drawn over the app bar.
        Assert.Equal("skip-to-main", await page.EvaluateAsync<string>(
            "() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].find(e => e.tabIndex >= 0 && !e.disabled)?.dataset.testid ?? ''"));
        var skip = page.GetByTestId("skip-to-main");
        var hidden = await skip.BoundingBoxAsync();
        Assert.True(hidden is null || hidden.X + hidden.Width <= 0, $"The skip link shows before it has the focus: {hidden?.X},{hidden?.Y}");
        await skip.FocusAsync();
        var box = await skip.BoundingBoxAsync();
        Assert.True(box is { X: >= 0, Y: >= 0, Width: > 0 }, $"The focused skip link is off screen: {box?.X},{box?.Y}");
        await SaveScreenshotAsync(page, "skip-link-focused");

        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main-content", await page.EvaluateAsync<string>(focused));
        // It lands on the page's one main landmark, which screen readers list and jump to.
        Assert.Equal("MAIN:1", await page.EvaluateAsync<string>("() => document.activeElement.tagName + ':' + document.querySelectorAll('main, [role=main]').length"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-to-ticket", await page.EvaluateAsync<string>(focused));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("trade-panel", await page.EvaluateAsync<string>(focused));
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('trade-panel').contains(document.activeElement)"),
            $"Tab after the ticket's skip link left the ticket: {await page.EvaluateAsync<string>(focused)}");
        Assert.EndsWith("/market", page.Url);
    });

    // Each page in light, then in dark (the reader's choice, kept in a cookie), with a screenshot of each.
    private async Task CheckAsync(IPage page, string who, IEnumerable<string> paths, List<string> problems)
    {
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "xpf-theme", Value = theme, Url = Fixture.BaseUrl }]);
            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                if (!path.StartsWith("/Account", StringComparison.Ordinal))
                    await WaitForCircuitAsync(page);
                await page.WaitForTimeoutAsync(300);
                // A snackbar fading in is half transparent: axe would measure its contrast mid-way.
                // Polled with EvaluateAsync: WaitForFunction evaluates its text with eval, which the page's policy forbids.
                for (var i = 0; i < 50 && !await page.EvaluateAsync<bool>("() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)"); i++)
                    await page.WaitForTimeoutAsync(100);
                var results = await page.RunAxe();
                foreach (var violation in results.Violations.Where(v => v.Impact is "serious" or "critical"))
                {
                    var nodes = string.Join(" | ", violation.Nodes.Take(3).Select(n => (n.Html.Length > 160 ? n.Html[..160] : n.Html)));
                    problems.Add($"{who} {theme} {path}: {violation.Impact} {violation.Id} ×{violation.Nodes.Length}: {violation.Help} — {nodes}");
                }
                await SaveScreenshotAsync(page, $"desktop-{theme}-{who}-{Slug(path)}");
            }
        }
    }

    internal static string Slug(string path) => path == "/" ? "home" : path.Trim('/').Replace('/', '-');
}
