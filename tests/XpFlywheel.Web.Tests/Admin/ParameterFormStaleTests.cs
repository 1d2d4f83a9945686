using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

/// <summary>
/// Each parameter form saves its whole section, so a form filled in before another change (another admin, another
/// tab) would put back what that change set. Such a save is refused, changes nothing and shows the values in force;
/// made again on top of them, it saves.
/// </summary>
public sealed class ParameterFormStaleTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public ParameterFormStaleTests()
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
    public async Task Market_form_filled_before_another_tab_saved_is_refused_and_keeps_the_other_change()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var first = Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));
        var second = Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        // Tab 1: taker fee 10 → 15. Tab 2, still showing 10, changes the band.
        first.OnRenderer(() => first.FindAll("input")[1].Change("15"));
        await SaveAsync(first, "Save market parameters");
        first.WaitForAssertion(() => Assert.Equal(15, Board.Current.Market.TakerFeeBps));
        second.OnRenderer(() => second.FindAll("input")[2].Change("1500"));
        await SaveAsync(second, "Save market parameters");

        second.WaitForAssertion(() => Assert.Contains(AdminForm.ChangedElsewhere, second.Find("[data-testid=parameters-changed-elsewhere]").TextContent));
        Assert.Equal((15, 2_000), (Board.Current.Market.TakerFeeBps, Board.Current.Market.BandBps));
        Assert.Equal("15", second.FindAll("input")[1].GetAttribute("value"));

        // Made again on the values in force, the band change saves and the fee stays.
        second.OnRenderer(() => second.FindAll("input")[2].Change("1500"));
        await SaveAsync(second, "Save market parameters");
        second.WaitForAssertion(() => Assert.Equal((15, 1_500), (Board.Current.Market.TakerFeeBps, Board.Current.Market.BandBps)));
    }

    [Fact]
    public Task Lock_form_filled_before_another_save_is_refused() =>
        RefusedAfterAnotherSaveAsync<LockParametersForm>("Save lock parameters", "lock-parameter-errors", "input", "3", () => Board.Current.Lock);

    [Fact]
    public Task Otc_form_filled_before_another_save_is_refused() =>
        RefusedAfterAnotherSaveAsync<OtcParametersForm>("Save OTC parameters", "otc-parameter-errors", "input", "15", () => Board.Current.Desk, index: 1);

    [Fact]
    public Task Reputation_form_filled_before_another_save_is_refused() =>
        RefusedAfterAnotherSaveAsync<ReputationParametersForm>("Save reputation rules", "reputation-parameter-errors", "[data-testid=dispute-window] input, input[data-testid=dispute-window]", "48",
            () => Board.Current.Rules);

    [Fact]
    public Task Tier_form_filled_before_another_save_is_refused() =>
        RefusedAfterAnotherSaveAsync<TierTableForm>("Save tiers", "tier-errors", "input", "20", () => Board.Current.TierWindowAsStored, index: -1);

    // Two tabs: the first changes one field and saves; the second, filled in before, saves and is refused, leaving the
    // section as the first saved it.
    private async Task RefusedAfterAnotherSaveAsync<TForm>(string save, string errors, string selector, string value, Func<object> section, int index = 0)
        where TForm : IComponent
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        RenderFragment form = builder =>
        {
            builder.OpenComponent<TForm>(0);
            builder.AddAttribute(1, "Actor", "admin@test.local");
            builder.CloseComponent();
        };
        var first = Render(form);
        var second = Render(form);
        var before = section();

        first.OnRenderer(() =>
        {
            var fields = first.FindAll(selector);
            fields[index < 0 ? fields.Count + index : index].Change(value);
        });
        await SaveAsync(first, save);
        first.WaitForAssertion(() => Assert.NotEqual(before, section()));
        var saved = section();
        await SaveAsync(second, save);

        second.WaitForAssertion(() => Assert.Contains(AdminForm.ChangedElsewhere, second.Find("[data-testid=parameters-changed-elsewhere]").TextContent));
        Assert.Empty(second.FindAll($"[data-testid={errors}]"));
        Assert.Equal(saved, section());
    }

    private static Task SaveAsync<TForm>(IRenderedComponent<TForm> form, string save) where TForm : IComponent =>
        form.OnRenderer(() => form.FindAll("button").Single(b => b.TextContent.Contains(save)).ClickAsync(new()));
}
