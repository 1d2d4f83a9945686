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
    /// The form shows each tier's rate as it is in force, every decimal: a Diamond rate of 0.1234% is not rounded to
    /// 0.12, so the form says what applies (and saving it unchanged changes nothing).
    /// </summary>
    [Fact]
    public async Task A_tier_rate_is_shown_with_every_decimal_it_has()
    {
        var host = _app.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var tiers = TierTable.Default.Tiers.ToList();
        tiers[^1] = tiers[^1] with { FeeRate = 0.001234m };
        var set = await host.SubmitAsync<Core.Economy.Validated<ParameterSet>>(new Core.Commands.SetFeeTiers(tiers, TierTable.Default.WindowDays) { By = Core.Commands.Actor.Admin("admin@test.local") });
        Assert.True(set.IsValid, string.Join(" ", set.Errors));

        var cut = RenderForm();

        Assert.Contains(cut.FindAll("input"), input => input.GetAttribute("value") == "0.1234");
    }

    [Fact]
    public async Task Without_a_configured_window_the_form_shows_no_override()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;

        var cut = RenderForm();

        Assert.Empty(cut.FindAll("[data-testid=tier-window-configured]"));
    }
}
