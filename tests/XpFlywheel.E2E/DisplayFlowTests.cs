using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

[Collection(PagesBrowserCollection.Name)]
public class DisplayFlowTests(PagesBrowserFixture fixture) : BrowserTest(fixture)
{
    private const string DarkAxisText = "#d1d4dc";
    private const string LightAxisText = "#37474f";

    // MudBlazor paints the body from the palette: dark mode's background is dark.
    private const string BodyIsDark = """
        (() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
                 return (r + g + b) / 3 < 128; })()
        """;

    /// <summary>The theme the page shows now: for what the server rendered, or what must already have been applied.</summary>
    private static Task<bool> IsDarkAsync(IPage page) => page.EvaluateAsync<bool>(BodyIsDark);

    /// <summary>Waits for the page to turn dark: for a switch the circuit makes after the page has loaded.</summary>
    private static Task TurnsDarkAsync(IPage page) => page.WaitForFunctionAsync(BodyIsDark);

    [Fact]
    public Task Dark_mode_follows_the_system_survives_a_reload_recolours_the_charts_and_works_on_account_pages() => RunAsync(async () =>
    {
        var page = await OpenAsync(configure: options => options.ColorScheme = ColorScheme.Dark);
        await page.GotoAsync("/market");
        await page.WaitForURLAsync("**/market");
        await WaitForCircuitAsync(page);
        // A first visit has no cookie yet: the circuit asks the browser and switches once it is up.
        await TurnsDarkAsync(page);
        var chart = page.GetByTestId("price-chart");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-text", DarkAxisText);
        await SaveScreenshotAsync(page, "desktop-dark-system-market");

        // The reader's choice wins over the system, switches the chart's axes at once and survives a reload.
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-text", LightAxisText);
        Assert.False(await IsDarkAsync(page), "The chart recolours after the page has, never ahead of it.");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Depth" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("depth-chart")).ToHaveAttributeAsync("data-text", LightAxisText);
        await page.ReloadAsync();
        Assert.False(await IsDarkAsync(page), "The server renders the chosen theme from the first byte.");
        await WaitForCircuitAsync(page);
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-text", LightAxisText);

        // Account pages have no circuit: the toggle is a form, and the choice carries over to the app.
        await page.GotoAsync("/Account/Login");
        Assert.False(await IsDarkAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
        await page.WaitForURLAsync("**/Account/Login");
        Assert.True(await IsDarkAsync(page));
        await SaveScreenshotAsync(page, "desktop-dark-login");
        await page.GotoAsync("/market");
        Assert.True(await IsDarkAsync(page));

        // A phone on an account page: the menu button leads to the navigation.
        var phone = await OpenAsync(390, 844, options => { options.HasTouch = true; options.IsMobile = true; });
        await phone.GotoAsync("/Account/Login");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Toggle navigation" }).TapAsync();
        // The menu page lists the navigation; once the page's interactive part is up the drawer may show it too: either
        // link leads there.
        await phone.GetByRole(AriaRole.Link, new() { Name = "Leaderboard" }).First.TapAsync();
        await phone.WaitForURLAsync("**/leaderboard");
    });

    [Fact]
    public Task The_tape_shows_trade_times_in_the_browsers_zone_or_in_utc_when_the_reader_asks() => RunAsync(async () =>
    {
        var services = Fixture.App.Services;
        var seller = await Operators.CreateAsync(services, "e2e-zone-seller@test.local");
        await Operators.FundAsync(services, seller, 0, 1_000);
        var buyer = await Operators.CreateAsync(services, "e2e-zone-buyer@test.local");
        await Operators.FundAsync(services, buyer, 100, 0);
        var trading = services.GetRequiredService<TradingService>();
        await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 100));
        await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 100));

        var page = await OpenAsync(configure: options => options.TimezoneId = "America/New_York");
        await page.GotoAsync("/market");
        await WaitForCircuitAsync(page);
        var stamp = await page.GetByTestId("tape-row").First.GetByTestId("shown-time").GetAttributeAsync("datetime") ?? "";
        // Pinned to this trade's row: a later print would take the tape's first row.
        var time = page.GetByTestId("trade-tape").Locator($"[data-testid=shown-time][datetime='{stamp}']").First;
        var instant = DateTime.Parse(stamp, null, System.Globalization.DateTimeStyles.RoundtripKind).ToUniversalTime();
        var newYork = TimeZoneInfo.ConvertTimeFromUtc(instant, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        await Assertions.Expect(time).ToHaveTextAsync(newYork.ToString("HH:mm:ss"));
        var label = page.GetByTestId("trade-tape").GetByTestId("zone-label");
        await Assertions.Expect(label).ToHaveTextAsync(instant.Month is >= 4 and <= 10 ? "UTC−4" : "UTC−5");

        await page.GetByTestId("times-toggle").ClickAsync();
        await Assertions.Expect(time).ToHaveTextAsync(instant.ToString("HH:mm:ss"));
        await Assertions.Expect(label).ToHaveTextAsync("UTC");
        await page.ReloadAsync();
        await Assertions.Expect(time).ToHaveTextAsync(instant.ToString("HH:mm:ss"));
    });
}
