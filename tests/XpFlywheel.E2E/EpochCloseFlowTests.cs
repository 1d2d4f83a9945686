using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Tests.Epochs;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

public class EpochCloseFlowTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Admin_previews_and_closes_an_epoch_and_an_operator_sees_their_share_without_reload() => RunAsync(async () =>
    {
        var services = Fixture.App.Services;
        await services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        var provider = await Operators.CreateAsync(services, "e2e-epoch-provider@test.local", "Operator1!");
        var agent = await EconomyRows.AgentAsync(services, provider, "e2e-epoch-worker");
        var client = await Operators.CreateAsync(services, "e2e-epoch-client@test.local", "Operator1!");
        await Operators.FundAsync(services, client, 1_000, 0);
        var clientAgent = await EconomyRows.AgentAsync(services, client, "e2e-epoch-buyer");
        for (var i = 0; i < 3; i++)
            await EconomyRows.JobAsync(services, (client, clientAgent), (provider, agent), 25);

        var operatorPage = await OpenAsync(390, 844);
        await LoginAsync(operatorPage, "e2e-epoch-provider@test.local", "Operator1!");
        await operatorPage.WaitForURLAsync("**/market");
        await operatorPage.GotoAsync("/epochs/mine");
        await Assertions.Expect(operatorPage.GetByTestId("my-xp-available")).ToHaveTextAsync("0 XP");
        await Assertions.Expect(operatorPage.GetByTestId("my-projection")).ToContainTextAsync("e2e-epoch-worker");

        var admin = await OpenAsync();
        await LoginAsync(admin, AppFactory.AdminEmail, AppFactory.AdminPassword);
        await admin.WaitForURLAsync("**/market");
        await admin.GotoAsync("/admin");
        // The prerendered "Close now" does nothing until the circuit is up; under load that takes seconds.
        await WaitForCircuitAsync(admin);
        await Assertions.Expect(admin.GetByTestId("current-epoch")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("allocation-table")).ToContainTextAsync("e2e-epoch-worker");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Close now" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("cannot be undone");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close now" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("closed:").First).ToBeVisibleAsync();
        // The close is audited with the address the admin's page was served to (the browser here: loopback).
        await using (var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var closed = await db.AuditLog.OrderByDescending(a => a.Id).FirstAsync(a => a.Action == "epoch.closed" && a.Actor == AppFactory.AdminEmail);
            Assert.Contains(closed.Address, new[] { "127.0.0.1", "::1", "::ffff:127.0.0.1" });
        }

        await Assertions.Expect(operatorPage.GetByText("Your share:")).ToBeVisibleAsync();
        // On a phone the notice rises from the bottom: it covers neither the app bar nor the page's heading.
        var notice = (await operatorPage.Locator(".mud-snackbar").First.BoundingBoxAsync())!;
        var bar = (await operatorPage.Locator("header").First.BoundingBoxAsync())!;
        var heading = (await operatorPage.Locator("h1").First.BoundingBoxAsync())!;
        Assert.True(notice.Y >= heading.Y + heading.Height && notice.Y >= bar.Y + bar.Height,
            $"The notice (top {notice.Y}) covers the app bar (bottom {bar.Y + bar.Height}) or the heading (bottom {heading.Y + heading.Height}).");
        Assert.True(notice.Y + notice.Height <= 844 + 1, "The notice runs past the bottom of the screen.");
        await Assertions.Expect(operatorPage.GetByTestId("my-xp-available")).Not.ToHaveTextAsync("0 XP");
        await Assertions.Expect(operatorPage.GetByTestId("statement-table")).ToContainTextAsync("e2e-epoch-worker");
    });

    [Fact]
    public Task An_epoch_close_shows_on_the_static_account_pages_too() => RunAsync(async () =>
    {
        await Fixture.App.Services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));

        var visitor = await OpenAsync();
        await visitor.GotoAsync("/Account/Login");
        await visitor.Locator("[data-testid=epoch-close-island][data-live=on]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        // Waits for the app's own next close (epochs here last two minutes) rather than forcing one: a forced close
        // would move the epoch under the other tests sharing this app.
        await Assertions.Expect(visitor.GetByText("closed:").First).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await Assertions.Expect(visitor.GetByLabel("Email")).ToBeVisibleAsync();
    });
}
