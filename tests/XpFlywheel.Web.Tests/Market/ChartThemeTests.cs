using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using XpFlywheel.Web.Components.Layout;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

/// <summary>
/// The charts draw in the page's theme and switch with it: a chart's colours go to the browser only after the render
/// that repaints the page, never in the same moment the theme changes (which would reach the browser first).
/// </summary>
public sealed class ChartThemeTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public ChartThemeTests()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<MarketDataService>());
        Services.AddSingleton(_app.Services.GetRequiredService<FairValueService>());
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    public static TheoryData<Type, string, string> Charts => new()
    {
        { typeof(PriceChart), "createPriceChart", "setCandles" },
        { typeof(DepthChart), "createDepthChart", "setDepth" },
    };

    [Theory]
    [MemberData(nameof(Charts))]
    public async Task A_chart_recolours_after_the_page_renders_the_new_theme_never_before(Type chartType, string create, string firstDraw)
    {
        bool? pageDarkWhenRecoloured = null;
        ThemedPage? page = null;
        // The matcher runs as the call is made: it notes the theme the page had last rendered at that moment.
        var (cut, chart) = await RenderChartAsync(chartType, create, firstDraw, call =>
        {
            if (call.Identifier == "setColours")
                pageDarkWhenRecoloured = page!.RenderedDark;
            return true;
        });
        page = cut.Instance;

        cut.OnRenderer(() => cut.Find("button.theme").Click());

        cut.WaitForAssertion(() =>
        {
            var colours = Assert.Single(chart.Invocations, i => i.Identifier == "setColours").Arguments[0]!;
            Assert.Equal(AppTheme.Chart(true).Text, colours.GetType().GetProperty("text")!.GetValue(colours));
        });
        Assert.True(pageDarkWhenRecoloured, "The chart switched to the dark palette before the page had rendered dark.");
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public async Task A_script_error_while_recolouring_shows_on_the_chart_and_the_page_goes_on(Type chartType, string create, string firstDraw)
    {
        var (cut, chart) = await RenderChartAsync(chartType, create, firstDraw, call => call.Identifier != "setColours");
        chart.SetupVoid("setColours", _ => true).SetException(new JSException("setColours failed"));

        cut.OnRenderer(() => cut.Find("button.theme").Click());

        cut.WaitForAssertion(() => Assert.Contains("could not be recoloured: setColours failed", cut.Find(".mud-alert").TextContent));
        cut.OnRenderer(() => cut.Find("button.theme").Click());
        cut.WaitForAssertion(() => Assert.Equal(2, chart.Invocations.Count(i => i.Identifier == "setColours")));
    }

    // A chart inside the market's live view, inside a page that switches the theme; the calls the chart makes are
    // answered when `answered` matches them.
    private async Task<(IRenderedComponent<ThemedPage> Page, BunitJSModuleInterop Chart)> RenderChartAsync(
        Type chartType, string create, string firstDraw, InvocationMatcher answered)
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        JSInterop.Mode = JSRuntimeMode.Strict;
        var chart = JSInterop.SetupModule("./js/marketChart.js").SetupModule(create, _ => true);
        chart.SetupVoid(answered).SetVoidResult();
        var display = new DisplaySettings("light", null, null, null);
        var cut = Render<ThemedPage>(p => p.AddCascadingValue(display).AddChildContent(b =>
        {
            b.OpenComponent<MarketLive>(0);
            b.AddComponentParameter(1, nameof(MarketLive.ChildContent), (RenderFragment)(inner =>
            {
                inner.OpenComponent(0, chartType);
                inner.CloseComponent();
            }));
            b.CloseComponent();
        }));
        cut.WaitForAssertion(() => Assert.Contains(chart.Invocations, i => i.Identifier == firstDraw));
        return (cut, chart);
    }

    /// <summary>The layout's part in a theme switch: a toggle button, and a re-render when the settings change.</summary>
    private sealed class ThemedPage : ComponentBase, IDisposable
    {
        [CascadingParameter] public DisplaySettings Display { get; set; } = default!;

        [Parameter] public RenderFragment? ChildContent { get; set; }

        /// <summary>Whether the last render drew the dark theme.</summary>
        public bool RenderedDark { get; private set; }

        protected override void OnInitialized() => Display.Changed += OnChanged;

        private void OnChanged() => StateHasChanged();

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            RenderedDark = Display.Dark;
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "class", "theme");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create(this, () => Display.SetDark(!Display.Dark)));
            builder.CloseElement();
            builder.AddContent(3, ChildContent);
        }

        public void Dispose() => Display.Changed -= OnChanged;
    }
}
