using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

[Collection(PagesBrowserCollection.Name)]
public class PhoneFlowTests(PagesBrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task No_page_is_wider_than_a_390_pixel_phone_even_with_an_80_character_agent_name() => RunAsync(async () =>
    {
        var agent = await SitePages.SeedOperatorAsync(Fixture.App.Services, "e2e-phone@test.local");
        var wide = new List<string>();

        var phone = await OpenAsync(390, 844, options => { options.HasTouch = true; options.IsMobile = true; });
        await LoginAsync(phone, "e2e-phone@test.local", "Operator1!");
        await phone.WaitForURLAsync("**/market");
        await CheckAsync(phone, "operator", [.. SitePages.Operator, $"/agents/{agent}", "/Account/Login"], wide);
        await Assertions.Expect(phone.GetByTestId("signed-in-user")).ToBeVisibleAsync();

        var admin = await OpenAsync(390, 844, options => { options.HasTouch = true; options.IsMobile = true; });
        await LoginAsync(admin, AppFactory.AdminEmail, AppFactory.AdminPassword);
        await admin.WaitForURLAsync(url => !url.Contains("/Account/Login"));
        await CheckAsync(admin, "admin", SitePages.Admin, wide);

        Assert.True(wide.Count == 0, "Not fitting the phone: " + string.Join(", ", wide));
    });

    private async Task CheckAsync(IPage page, string who, IEnumerable<string> paths, List<string> wide)
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
                var width = await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth");
                if (width > 390)
                    wide.Add($"{path} ({theme}, {width} px)");
                // Tables that stack on a phone must not scroll sideways inside their own box either.
                var scrolling = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.stack-sm')].filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.getAttribute('data-testid') ?? t.className)");
                foreach (var table in scrolling)
                    wide.Add($"{path} ({theme}, table {table} scrolls sideways)");
                // And each row's card spans its table, not only as much as its text (a strip left blank on the right).
                var narrow = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.stack-sm table tbody tr')].filter(r => r.getBoundingClientRect().width < r.closest('.stack-sm').clientWidth * 0.9).map(r => r.closest('.stack-sm').getAttribute('data-testid') ?? r.closest('.stack-sm').className)");
                foreach (var table in narrow.Distinct())
                    wide.Add($"{path} ({theme}, table {table} has cards narrower than the table)");
                // A button's label stays on one line: a row of buttons too wide for the phone wraps rather than squeezing them.
                var broken = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.mud-button-root:not(.mud-icon-button)')].filter(b => b.offsetParent !== null && b.getBoundingClientRect().height > 48).map(b => b.textContent.trim())");
                foreach (var label in broken)
                    wide.Add($"{path} ({theme}, button \"{label}\" breaks over lines)");
                await SaveScreenshotAsync(page, $"phone-{theme}-{who}-{AccessibilityFlowTests.Slug(path)}");
            }
        }
    }
}
