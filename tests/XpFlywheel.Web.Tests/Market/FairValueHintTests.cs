using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

/// <summary>The order ticket's fair-value hint follows the operator's provider volume while /market stays open.</summary>
public sealed class FairValueHintTests : MudTestContext
{
    private readonly AppFactory _app = new();
    private readonly IServiceScope _scope;
    private readonly EconomyKit _kit;

    public FairValueHintTests()
    {
        _scope = _app.Services.CreateScope();
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
        _kit = new EconomyKit(_app.Services);
    }

    protected override void Dispose(bool disposing)
    {
        _scope.Dispose();
        _app.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public async Task The_fair_value_hint_takes_up_provider_volume_earned_while_the_market_page_is_open()
    {
        await _kit.Host.Ready;
        var email = $"hint-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(_app.Services, email);
        var provider = await _kit.AgentAsync(me, "Earner");
        var payer = await _kit.OperatorAsync(dollars: 10_000);
        var client = await _kit.AgentAsync(payer, "Payer");
        using (var scope = _app.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
            var auth = AddAuthorization();
            auth.SetAuthorized(email);
            auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user!.Id));
        }
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

        var cut = Render<XpFlywheel.Web.Components.Pages.Market>();
        cut.WaitForAssertion(() => Assert.Contains("no volume (jobs as provider or OTC)", cut.Find("[data-testid=fair-value]").TextContent));

        // A job paid to the operator's agent moves its wallet, and the hint with it: at once after a quiet spell,
        // or once the hint's spacing has passed (this one may come within it of the page's first read).
        Assert.True((await _kit.Jobs.RecordAsync(payer, client, provider, 2_000m, succeeded: true)).Succeeded);

        cut.WaitForAssertion(() => Assert.Contains("$2,000.00", cut.Find("[data-testid=fair-value]").TextContent),
            XpFlywheel.Web.Components.Pages.Market.FairValueEvery + TimeSpan.FromSeconds(5));

        // Two more within the spacing: the hint still ends at their sum, not at the first of them.
        Assert.True((await _kit.Jobs.RecordAsync(payer, client, provider, 1_000m, succeeded: true)).Succeeded);
        Assert.True((await _kit.Jobs.RecordAsync(payer, client, provider, 500m, succeeded: true)).Succeeded);
        cut.WaitForAssertion(() => Assert.Contains("$3,500.00", cut.Find("[data-testid=fair-value]").TextContent),
            XpFlywheel.Web.Components.Pages.Market.FairValueEvery + TimeSpan.FromSeconds(5));
    }
}
