using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

/// <summary>The tier form says when the configuration's window, not the stored one it edits, is in force.</summary>
public sealed class TierTableFormTests : MudTestContext
{
    private readonly AppFactory _app = new();

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    private IRenderedComponent<TierTableForm> RenderForm()
    {
        foreach (var type in new[] { typeof(ParameterBoard), typeof(ParameterDefaults), typeof(ExchangeHost) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        return Render<TierTableForm>(p => p.Add(x => x.Actor, "admin@test.local"));
    }

    [Fact]
    public async Task A_configured_tier_window_is_shown_as_overriding_the_stored_one()
    {
        _app.Settings["Tiers:Window"] = "00:06:00";
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;

        var cut = RenderForm();

        Assert.Contains("0:06:00", cut.Find("[data-testid=tier-window-configured]").TextContent);
        Assert.Equal(TimeSpan.FromMinutes(6), _app.Services.GetRequiredService<ParameterBoard>().Current.Tiers.Window);
    }

    /// <summary>
    /// The form shows each tier's rate as it is in force, every decimal: a Diamond rate of 0.123456789% showed as
    /// 0.1235, so the form did not say what applied (and saving it unchanged would have changed it).
    /// </summary>
    [Fact]
    public async Task A_tier_rate_is_shown_with_every_decimal_it_has()
    {
        var host = _app.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var tiers = TierTable.Default.Tiers.ToList();
        tiers[^1] = tiers[^1] with { FeeRate = 0.00123456789m };
        var set = await host.SubmitAsync<Core.Economy.Validated<ParameterSet>>(new Core.Commands.SetFeeTiers(tiers, TierTable.Default.WindowDays) { By = Core.Commands.Actor.Admin("admin@test.local") });
        Assert.True(set.IsValid, string.Join(" ", set.Errors));

        var cut = RenderForm();

        Assert.Contains(cut.FindAll("input"), input => input.GetAttribute("value") == "0.123456789");
    }

    /// <summary>
    /// A rate typed with more than four decimals of a percent is refused by the form, naming the tier, and nothing is
    /// saved: /tiers would show 1.23% and jobs would be charged 1.23456789%. (A stored rate from before the step still
    /// loads and shows whole, above.)
    /// </summary>
    [Fact]
    public async Task A_rate_entered_finer_than_the_shown_step_is_refused_and_nothing_is_saved()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var before = _app.Services.GetRequiredService<ParameterBoard>().Current.Tiers;
        var cut = RenderForm();

        var diamondRate = cut.FindAll("input").First(i => i.GetAttribute("value") == "0.25");
        diamondRate.Change("0.23456789");
        await cut.InvokeAsync(() => cut.Find("form").SubmitAsync());

        cut.WaitForAssertion(() => Assert.Contains("Diamond: the fee rate has more than four decimals of a percent", cut.Find("[data-testid=tier-errors]").TextContent));
        Assert.Equal(before, _app.Services.GetRequiredService<ParameterBoard>().Current.Tiers);
    }

    [Fact]
    public async Task Without_a_configured_window_the_form_shows_no_override()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;

        var cut = RenderForm();

        Assert.Empty(cut.FindAll("[data-testid=tier-window-configured]"));
    }
}
