using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Settings;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

public sealed class LockParametersFormTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public LockParametersFormTests() => Services.AddSingleton(_app.Services.GetRequiredService<SettingsStore>());

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public async Task A_waiting_period_over_a_year_is_refused_and_changes_nothing()
    {
        var cut = Render<LockParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        cut.Find("input").Change("400");
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Save lock parameters")).ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("from 0 to 365 days", cut.Find("[data-testid=lock-parameter-errors]").TextContent));
        var stored = await _app.Services.GetRequiredService<SettingsStore>().GetAsync(LockSettings.Key, LockSettings.Default);
        Assert.Equal(TimeSpan.FromDays(7), stored.WaitingPeriod);
    }

    [Fact]
    public async Task A_valid_waiting_period_is_stored_and_audited()
    {
        var cut = Render<LockParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        cut.Find("input").Change("3");
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Save lock parameters")).ClickAsync(new());

        var store = _app.Services.GetRequiredService<SettingsStore>();
        cut.WaitForAssertion(() => Assert.Equal(TimeSpan.FromDays(3), store.GetAsync(LockSettings.Key, LockSettings.Default).Result.WaitingPeriod));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Target == LockSettings.Key && a.Actor == "admin@test.local"));
    }
}
