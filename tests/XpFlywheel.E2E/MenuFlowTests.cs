using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Notifications;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

[Collection(PagesBrowserCollection.Name)]
public class MenuFlowTests(PagesBrowserFixture fixture) : BrowserTest(fixture)
{
    private enum Way { Click, Tap, Enter, Space }

    // The app bar's menus: the bell and the account menu, on a page with a circuit and on an account page without
    // one. (The order ticket's time in force is the browser's own list; see the end of the test.)
    private static readonly (string Activator, string Shows)[] Menus =
    [
        ("Notifications", "[data-testid=notifications]"),
        ("Account menu", "a:has-text('Change password'), [role=menuitem]:has-text('Change password')"),
    ];

    /// <summary>
    /// The navigation drawer over the page (below 960 px) closes with Escape, as a click beside it does, and focus goes
    /// back to the button that opened it; keyboard users are not left with the page covered.
    /// </summary>
    [Fact]
    public Task The_navigation_drawer_over_the_page_closes_with_Escape_and_gives_focus_back_to_its_button() => RunAsync(async () =>
    {
        var page = await OpenAsync(800, 800);
        await page.GotoAsync("/market");
        await WaitForCircuitAsync(page);
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" });
        // Closed once the drawer has measured the window (it starts open, as on a desktop).
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.Locator(".mud-drawer-overlay--open")).ToHaveCountAsync(1);

        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(page.Locator(".mud-drawer--open")).ToHaveCountAsync(0);
        await Assertions.Expect(toggle).ToBeFocusedAsync();
    });

    [Fact]
    public Task Every_menu_opens_by_mouse_click_touch_tap_and_keyboard() => RunAsync(async () =>
    {
        var services = Fixture.App.Services;
        var id = await Operators.CreateAsync(services, "e2e-menus@test.local");
        await services.GetRequiredService<NotificationService>().NotifyAsync(id, "test", "Your sell of 10 XP filled at 0.0200.");

        var desktop = await OpenAsync();
        await LoginAsync(desktop, "e2e-menus@test.local", "Operator1!");
        await desktop.WaitForURLAsync("**/market");
        var phone = await OpenAsync(390, 844, options => { options.HasTouch = true; options.IsMobile = true; });
        await LoginAsync(phone, "e2e-menus@test.local", "Operator1!");
        await phone.WaitForURLAsync("**/market");

        foreach (var (page, ways) in new[] { (desktop, new[] { Way.Click, Way.Enter, Way.Space }), (phone, new[] { Way.Tap }) })
        {
            foreach (var path in new[] { "/market", "/Account/Manage" })
            {
                foreach (var (activatorName, shows) in Menus)
                {
                    foreach (var way in ways)
                    {
                        await page.GotoAsync(path);
                        var interactive = path == "/market";
                        if (interactive)
                            await WaitForCircuitAsync(page);
                        var activator = interactive ? page.GetByRole(AriaRole.Button, new() { Name = activatorName })
                            : page.Locator($"summary[aria-label^='{activatorName}']");
                        await OpenAsync(activator, way);
                        await Assertions.Expect(page.Locator(shows).First).ToBeVisibleAsync();
                        if (interactive)
                            await Assertions.Expect(activator).ToHaveAttributeAsync("aria-expanded", "true");
                        else
                            await Assertions.Expect(activator.Locator("xpath=..")).ToHaveAttributeAsync("open", "");
                    }
                }
            }
        }

        // What the menus are for: the notification text, and the password and API key pages.
        await desktop.GotoAsync("/market");
        await WaitForCircuitAsync(desktop);
        await desktop.GetByRole(AriaRole.Button, new() { Name = "Notifications" }).ClickAsync();
        await Assertions.Expect(desktop.GetByTestId("notifications")).ToContainTextAsync("filled at 0.0200");
        await SaveScreenshotAsync(desktop, "menu-notifications-open");
        await desktop.Keyboard.PressAsync("Escape");
        await Assertions.Expect(desktop.GetByTestId("notifications")).ToHaveCountAsync(0);
        // By keyboard: into the list with Tab, out with Escape, and focus is back on the bell, not lost with the list.
        var bell = desktop.GetByRole(AriaRole.Button, new() { Name = "Notifications" });
        await bell.FocusAsync();
        await desktop.Keyboard.PressAsync("Enter");
        await Assertions.Expect(desktop.GetByTestId("notifications")).ToBeVisibleAsync();
        await desktop.Keyboard.PressAsync("Tab");
        await Assertions.Expect(desktop.Locator("[data-testid=notifications] :focus")).ToHaveCountAsync(1);
        await desktop.Keyboard.PressAsync("Escape");
        await Assertions.Expect(desktop.GetByTestId("notifications")).ToHaveCountAsync(0);
        await Assertions.Expect(bell).ToBeFocusedAsync();
        // Opening one menu closes the other, however the second was reached.
        await desktop.Keyboard.PressAsync("Enter");
        await Assertions.Expect(desktop.GetByTestId("notifications")).ToBeVisibleAsync();
        await desktop.GetByRole(AriaRole.Button, new() { Name = "Account menu" }).FocusAsync();
        await desktop.Keyboard.PressAsync("Enter");
        await Assertions.Expect(desktop.GetByText("Change password")).ToBeVisibleAsync();
        await Assertions.Expect(desktop.GetByTestId("notifications")).ToHaveCountAsync(0);
        await Assertions.Expect(bell).ToHaveAttributeAsync("aria-expanded", "false");
        await desktop.Keyboard.PressAsync("Escape");
        // A click outside an open menu closes it, and does nothing else.
        await desktop.GetByRole(AriaRole.Button, new() { Name = "Account menu" }).ClickAsync();
        await Assertions.Expect(desktop.GetByText("Change password")).ToBeVisibleAsync();
        await desktop.Mouse.ClickAsync(600, 500);
        await Assertions.Expect(desktop.GetByText("Change password")).ToHaveCountAsync(0);
        await Assertions.Expect(desktop.GetByRole(AriaRole.Button, new() { Name = "Account menu" })).ToHaveAttributeAsync("aria-expanded", "false");
        await desktop.GetByRole(AriaRole.Button, new() { Name = "Account menu" }).ClickAsync();
        await SaveScreenshotAsync(desktop, "menu-account-open");
        await desktop.GetByText("Change password").ClickAsync();
        await desktop.WaitForURLAsync("**/Account/Manage/ChangePassword");

        await phone.GotoAsync("/market");
        await WaitForCircuitAsync(phone);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Notifications" }).TapAsync();
        await SaveScreenshotAsync(phone, "menu-notifications-open-phone");
        await Assertions.Expect(phone.GetByTestId("notifications")).ToBeInViewportAsync(new() { Ratio = 1 });
        await phone.Keyboard.PressAsync("Escape");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Account menu" }).TapAsync();
        await phone.GetByText("API keys").TapAsync();
        await phone.WaitForURLAsync("**/settings/api-keys");

        // The time in force is a list the browser opens itself, labelled, chosen by keyboard and by tap.
        await desktop.GotoAsync("/market");
        await WaitForCircuitAsync(desktop);
        var tif = desktop.GetByLabel("Time in force", new() { Exact = true });
        await tif.FocusAsync();
        await desktop.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(tif).ToHaveValueAsync("Ioc");
        await phone.GotoAsync("/market");
        await WaitForCircuitAsync(phone);
        var phoneTif = phone.GetByLabel("Time in force", new() { Exact = true });
        await phoneTif.TapAsync();
        await phoneTif.SelectOptionAsync(new SelectOptionValue { Label = "FOK" });
        await Assertions.Expect(phoneTif).ToHaveValueAsync("Fok");

        // On a phone the account menu holds the log out that the app bar has no room for.
        await phone.GotoAsync("/Account/Manage");
        // The account page's buttons keep their labels on one line at phone width: the row wraps instead of squeezing them.
        foreach (var href in new[] { "Account/Manage/ChangePassword", "Account/Manage/TwoFactor", "wallet" })
        {
            var box = await phone.Locator($"a[href='{href}']").BoundingBoxAsync();
            Assert.True(box is { Height: < 48 }, $"the {href} button's label broke over lines at phone width: {box?.Width} × {box?.Height} px");
        }
        await phone.Locator("summary[aria-label^='Account menu']").TapAsync();
        await phone.GetByRole(AriaRole.Menuitem, new() { Name = "Log out" }).TapAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
    });

    private static async Task OpenAsync(ILocator activator, Way way)
    {
        switch (way)
        {
            case Way.Click:
                await activator.ClickAsync();
                break;
            case Way.Tap:
                await activator.TapAsync();
                break;
            case Way.Enter:
                await activator.FocusAsync();
                await activator.Page.Keyboard.PressAsync("Enter");
                break;
            case Way.Space:
                await activator.FocusAsync();
                await activator.Page.Keyboard.PressAsync(" ");
                break;
        }
    }
}
