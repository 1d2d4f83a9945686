using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

public class AccountFlowTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task New_user_registers_logs_in_and_sees_the_navigation_and_an_empty_wallet() => RunAsync(async () =>
    {
        var page = await OpenAsync();
        await RegisterAsync(page, "e2e-newcomer@test.local", "Newcomer1!");
        await page.WaitForURLAsync("**/wallet");
        // The app bar re-renders when the circuit starts: a click before that can land on the prerendered button.
        await WaitForCircuitAsync(page);

        var logout = page.GetByRole(AriaRole.Button, new() { Name = "Log out" });
        await logout.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/wallet"));

        await LoginAsync(page, "e2e-newcomer@test.local", "Newcomer1!");
        await page.WaitForURLAsync("**/market");
        await WaitForCircuitAsync(page);
        foreach (var item in new[] { "Market", "Leaderboard", "Tiers", "Locks", "Agents", "Wallet" })
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = item, Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("e2e-newcomer@test.local");

        await page.GetByRole(AriaRole.Link, new() { Name = "Wallet", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your wallet is empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("wallet-balances")).ToContainTextAsync("$0.00");
    });

    /// <summary>Log out signs out the browser: another open tab of the app reloads signed out instead of trading on.</summary>
    [Fact]
    public Task Logging_out_in_one_tab_signs_out_the_browsers_other_tabs() => RunAsync(async () =>
    {
        var page = await OpenAsync();
        await RegisterAsync(page, "e2e-two-tabs@test.local", "TwoTabs1!");
        await page.WaitForURLAsync("**/wallet");
        await WaitForCircuitAsync(page);
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync("/market");
        await WaitForCircuitAsync(other);
        await Assertions.Expect(other.GetByTestId("signed-in-user")).ToContainTextAsync("e2e-two-tabs@test.local");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/wallet"));

        await Assertions.Expect(other.GetByTestId("signed-in-user")).ToHaveCountAsync(0);
        await Assertions.Expect(other.GetByRole(AriaRole.Link, new() { Name = "Log in" }).First).ToBeVisibleAsync();
    });

    [Fact]
    public Task Admin_sees_admin_and_an_operator_in_another_browser_cannot_open_it() => RunAsync(async () =>
    {
        var admin = await OpenAsync();
        await LoginAsync(admin, AppFactory.AdminEmail, AppFactory.AdminPassword);
        await admin.WaitForURLAsync("**/market");
        await WaitForCircuitAsync(admin);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Admin", Exact = true })).ToBeVisibleAsync();

        var other = await OpenAsync();
        await RegisterAsync(other, "e2e-not-admin@test.local", "Operator1!");
        await other.WaitForURLAsync("**/wallet");
        await Assertions.Expect(other.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToHaveCountAsync(0);
        await other.GotoAsync("/admin");
        await Assertions.Expect(other.GetByText("Access denied").First).ToBeVisibleAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Heading, new() { Name = "Admin", Exact = true })).ToHaveCountAsync(0);
    });
}
