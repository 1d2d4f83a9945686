using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

/// <summary>The app's Content-Security-Policy blocks nothing the app itself needs: circuit, charts, admin, API reference.</summary>
public class ContentPolicyFlowTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Market_admin_and_api_reference_work_under_the_policy_with_no_violation_reported() => RunAsync(async () =>
    {
        var violations = new List<string>();
        var services = Fixture.App.Services;
        var id = await Operators.CreateAsync(services, "e2e-policy-seller@test.local");
        await Operators.FundAsync(services, id, 0, 1_000);

        var trader = await WatchedAsync(violations);
        await LoginAsync(trader, "e2e-policy-seller@test.local", "Operator1!");
        await trader.WaitForURLAsync("**/market");
        await Assertions.Expect(trader.GetByTestId("order-entry")).ToBeVisibleAsync();
        // The prerendered form shows before the circuit connects; choosing Sell only takes once the circuit is up.
        for (var attempt = 0; attempt < 40 && !(await trader.GetByTestId("place-order").InnerTextAsync()).Contains("Sell"); attempt++)
        {
            await trader.GetByTestId("side-sell").ClickAsync();
            await trader.WaitForTimeoutAsync(250);
        }
        await Assertions.Expect(trader.GetByTestId("place-order")).ToContainTextAsync("Sell");
        // Other browser tests share this app and may have traded: ask a little above the last price, inside the band.
        var last = decimal.TryParse(await trader.GetByTestId("ticker-last").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture, out var traded) ? traded : 0.0200m;
        var price = Math.Round(last * 1.1m, 4).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
        await trader.GetByTestId("order-price").FillAsync(price);
        await trader.GetByTestId("order-quantity").FillAsync("200");
        await trader.GetByTestId("place-order").ClickAsync();
        // The order travels over the circuit and the book redraws from the live feed: both need connect-src 'self'.
        await Assertions.Expect(trader.Locator($"[data-testid=book-asks] [data-testid=book-level][data-price='{price}']")).ToBeVisibleAsync();
        // The chart library is loaded by a script element the module adds: it needs script-src 'self'.
        await Assertions.Expect(trader.GetByTestId("price-chart").Locator("canvas").First).ToBeAttachedAsync();

        var admin = await WatchedAsync(violations);
        await LoginAsync(admin, AppFactory.AdminEmail, AppFactory.AdminPassword);
        await admin.WaitForURLAsync("**/market");
        await admin.GotoAsync("/admin");
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Admin", Exact = true })).ToBeVisibleAsync();

        var reference = await WatchedAsync(violations);
        await reference.GotoAsync("/api/reference");
        await Assertions.Expect(reference.GetByText("XP Flywheel API").First).ToBeVisibleAsync();
        await Assertions.Expect(reference.GetByRole(AriaRole.Link, new() { Name = "Orders" }).First).ToBeAttachedAsync();

        // Reports arrive asynchronously; give the last page a moment before judging.
        await reference.WaitForTimeoutAsync(500);
        Assert.Empty(violations);
    });

    private async Task<IPage> WatchedAsync(List<string> violations)
    {
        var page = await OpenAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                lock (violations)
                    violations.Add($"{page.Url}: {message.Text}");
        };
        return page;
    }
}
