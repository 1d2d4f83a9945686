using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

/// <summary>
/// The earning cost per XP, the floor of the rational range on the chart (SPEC §8), is an admin's market parameter on
/// /admin/parameters: stored, audited, in force at once; it was a configuration value no admin could change.
/// </summary>
public sealed class EarningCostFormTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public EarningCostFormTests()
    {
        foreach (var type in new[] { typeof(ParameterBoard), typeof(ParameterDefaults), typeof(ExchangeHost) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    private ParameterBoard Board => _app.Services.GetRequiredService<ParameterBoard>();

    [Fact]
    public async Task The_earning_cost_per_XP_is_an_admin_parameter_that_moves_the_chart_floor_at_once_and_is_audited()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var fairValue = _app.Services.GetRequiredService<FairValueService>();
        Assert.Equal(0.01m, (await fairValue.RationalRangeAsync()).Floor); // cached from here on
        var cut = Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));
        Assert.Equal("0.0100", cut.Find("input[data-testid=earning-cost], [data-testid=earning-cost] input").GetAttribute("value"));

        cut.OnRenderer(() => cut.Find("input[data-testid=earning-cost], [data-testid=earning-cost] input").Change("0.025"));
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save market parameters")).ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Equal(250, Board.Current.Market.EarningCostTicks));
        Assert.Equal(0.025m, (await fairValue.RationalRangeAsync()).Floor);
        Assert.Equal(0.025m, fairValue.EarningCost);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Contains(await db.AuditLog.AsNoTracking().Where(a => a.Target == ParameterRows.MarketKey).Select(a => a.After).ToListAsync(), after => after != null && after.Contains("\"earningCostTicks\":250", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.00015")]
    [InlineData("0.01001")]
    public async Task An_earning_cost_between_ticks_is_refused_and_saves_nothing(string typed)
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var before = Board.Current;
        var cut = Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        cut.OnRenderer(() => cut.Find("input[data-testid=earning-cost], [data-testid=earning-cost] input").Change(typed));
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save market parameters")).ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Contains(MarketParametersForm.EarningCostOffTick, cut.Find("[data-testid=market-parameter-errors]").TextContent));
        Assert.Equal(before, Board.Current);
    }
}
