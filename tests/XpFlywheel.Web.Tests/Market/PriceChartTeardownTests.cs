using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

/// <summary>Leaving /market tears the charts down in a browser that may already be gone: that is not a failure.</summary>
public sealed class PriceChartTeardownTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public PriceChartTeardownTests()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<MarketDataService>());
        Services.AddSingleton(_app.Services.GetRequiredService<FairValueService>());
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    public static TheoryData<Exception> Gone => new() { new TaskCanceledException(), new JSDisconnectedException("circuit closed") };

    [Theory]
    [MemberData(nameof(Gone))]
    public async Task PriceChartDispose_BrowserGone_IsNotAFailure(Exception gone)
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        JSInterop.Mode = JSRuntimeMode.Strict;
        var module = JSInterop.SetupModule("./js/marketChart.js");
        var chart = module.SetupModule("createPriceChart", _ => true);
        chart.SetupVoid(_ => true).SetVoidResult();
        var cut = Render<MarketLive>(p => p.AddChildContent<PriceChart>());
        cut.WaitForAssertion(() => Assert.Contains(chart.Invocations, i => i.Identifier == "setCandles"));
        chart.SetupVoid("dispose").SetException(gone);

        var dispose = cut.FindComponent<PriceChart>().Instance.DisposeAsync();

        await dispose;
        Assert.Contains(chart.Invocations, i => i.Identifier == "dispose");
    }

    [Fact]
    public void BrowserGone_DoesNotHideRealScriptErrors() => Assert.False(BrowserGone.Is(new JSException("chart.js threw")));
}
