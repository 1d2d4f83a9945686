using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

public sealed class ReputationParametersFormTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public ReputationParametersFormTests()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<ParameterBoard>());
        Services.AddSingleton(_app.Services.GetRequiredService<ExchangeHost>());
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public async Task Saving_the_form_keeps_the_ring_thresholds_it_does_not_show()
    {
        var host = _app.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var board = _app.Services.GetRequiredService<ParameterBoard>();
        var set = await host.SubmitAsync<Validated<ParameterSet>>(new SetReputationRules(ReputationRules.Default with { RingNetShare = 0.25m, RingInsideShare = 0.75m }) { By = Actor.Admin("admin@test.local") });
        Assert.True(set.IsValid);

        var cut = Render<ReputationParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save reputation rules")).ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.True(board.Current.Version > set.Value!.Version));
        Assert.Equal(0.25m, board.Current.Rules.RingNetShare);
        Assert.Equal(0.75m, board.Current.Rules.RingInsideShare);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.5")]
    public async Task A_dispute_window_under_an_hour_is_refused_and_the_rules_stay(string hours)
    {
        var host = _app.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var board = _app.Services.GetRequiredService<ParameterBoard>();
        var before = board.Current.Version;

        var cut = Render<ReputationParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));
        cut.OnRenderer(() =>
        {
            var field = cut.Find("[data-testid=dispute-window]");
            (field.TagName == "INPUT" ? field : field.QuerySelector("input")!).Change(hours);
        });
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save reputation rules")).ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Contains("The dispute window must be from 1", cut.Markup));
        Assert.Equal(before, board.Current.Version);
        Assert.Equal(ReputationRules.Default.DisputeWindow, board.Current.Rules.DisputeWindow);
    }
}
