using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

public sealed class LockParametersFormTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public LockParametersFormTests()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<ParameterBoard>());
        Services.AddSingleton(_app.Services.GetRequiredService<ExchangeHost>());
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    private ParameterBoard Board => _app.Services.GetRequiredService<ParameterBoard>();

    [Fact]
    public async Task A_waiting_period_over_a_year_is_refused_and_changes_nothing()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var cut = Render<LockParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        cut.OnRenderer(() => cut.Find("input").Change("400"));
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save lock parameters")).ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Contains("from 0 to 365 days", cut.Find("[data-testid=lock-parameter-errors]").TextContent));
        Assert.Equal(TimeSpan.FromDays(7), Board.Current.Lock.WaitingPeriod);
    }

    [Fact]
    public async Task A_valid_waiting_period_is_stored_and_audited()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var cut = Render<LockParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        cut.OnRenderer(() => cut.Find("input").Change("3"));
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save lock parameters")).ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Equal(TimeSpan.FromDays(3), Board.Current.Lock.WaitingPeriod));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(TimeSpan.FromDays(3), (await ParameterRows.LoadAsync(db, ParameterDefaults.None, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)).Lock.WaitingPeriod);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Target == ParameterRows.LockKey && a.Actor == "admin@test.local"));
    }
}
