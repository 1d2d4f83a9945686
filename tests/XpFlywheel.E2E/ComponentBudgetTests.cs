using XpFlywheel.Web.Components.Pages;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

/// <summary>
/// Every component an open page keeps costs the server its render-tree buffers for as long as the page is open, once
/// per reader: the market page is the one everybody keeps open, so it has a budget.
/// </summary>
public class ComponentBudgetTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>
    /// Components alive in the circuit of a signed-in operator's idle /market page at desktop width (drawer open, the
    /// order ticket, ladder, charts, tape and open-orders tab shown). 292 before the page was cut down to plain
    /// elements, 115 before the order ticket's fields were, 67 before the app bar's menus were; see docs/benchmarks.md, "Blazor circuits on /market".
    /// </summary>
    public const int MarketBudget = 55;

    [Fact]
    public Task MarketPage_RendersWithinComponentBudget() => RunAsync(async () =>
    {
        var services = Fixture.App.Services;
        var id = await Operators.CreateAsync(services, "e2e-budget@test.local");
        await Operators.FundAsync(services, id, 100, 1_000);
        var page = await OpenAsync();
        await LoginAsync(page, "e2e-budget@test.local", "Operator1!");
        await page.WaitForURLAsync("**/market");
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("wallet-cash")).ToContainTextAsync("$100.00");
        await Assertions.Expect(page.GetByTestId("price-chart")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("my-orders")).ToBeVisibleAsync();

        var live = Fixture.Census.LiveInNewestWith<Market>();

        var total = live.Values.Sum();
        var breakdown = string.Join(", ", live.OrderByDescending(c => c.Value).Select(c => $"{c.Key} ×{c.Value}"));
        Assert.True(total <= MarketBudget, $"/market keeps {total} components per circuit, over its budget of {MarketBudget}: {breakdown}");
        Assert.True(live.ContainsKey("MainLayout") && live.ContainsKey("OrderEntry"), $"Not the whole signed-in page: {breakdown}");
        Console.WriteLine($"/market: {total} components per circuit: {breakdown}");
    });
}
