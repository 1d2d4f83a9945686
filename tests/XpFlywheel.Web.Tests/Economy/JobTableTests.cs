using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Economy.Components;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

/// <summary>A job row adds up: its amount is shown to the micro-dollar, as its fee is, not rounded to the cent beside it.</summary>
public sealed class JobTableTests : MudTestContext
{
    private readonly AppFactory _app = new();
    private readonly IServiceScope _scope;
    private readonly EconomyKit _kit;

    public JobTableTests()
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
    public async Task A_job_row_shows_its_amount_to_the_micro_dollar_as_it_shows_its_fee()
    {
        await _kit.Host.Ready;
        var me = await _kit.OperatorAsync(dollars: 100);
        var client = await _kit.AgentAsync(me, "Client");
        var other = await _kit.OperatorAsync();
        var provider = await _kit.AgentAsync(other, "Provider");
        var receipt = await _kit.Jobs.RecordAsync(me, client, provider, 1.234m, succeeded: true);
        Assert.True(receipt.Succeeded, receipt.Message);

        var cut = Render<JobTable>(p => p.Add(x => x.Load, (page, size) => _kit.Jobs.ListForOperatorAsync(me, page, size)));

        cut.WaitForAssertion(() =>
        {
            var amount = cut.Find("td[data-label=Amount]").TextContent.Trim();
            Assert.Equal("$1.234", amount);
        });
    }
}
