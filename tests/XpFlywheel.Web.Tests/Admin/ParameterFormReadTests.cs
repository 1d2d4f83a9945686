using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

/// <summary>A parameter form with a field it cannot read saves nothing: an unreadable number is not a 0.</summary>
public sealed class ParameterFormReadTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public ParameterFormReadTests()
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

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999")]
    [InlineData("12.7")]
    public async Task An_unreadable_market_field_saves_nothing(string typed)
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var before = Board.Current.Market;
        var cut = Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        // The taker fee is the second field.
        cut.FindAll("input")[1].Change(typed);
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Save market parameters")).ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Nothing was saved", cut.Find("[data-testid=market-parameter-errors]").TextContent));
        Assert.Equal(before, Board.Current.Market);
    }

    [Fact]
    public async Task An_unreadable_waiting_period_saves_nothing()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var cut = Render<LockParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        cut.Find("input").Change("seven");
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Save lock parameters")).ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Nothing was saved", cut.Find("[data-testid=lock-parameter-errors]").TextContent));
        Assert.Equal(TimeSpan.FromDays(7), Board.Current.Lock.WaitingPeriod);
    }
}
