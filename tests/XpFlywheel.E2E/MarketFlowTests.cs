using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

public class MarketFlowTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private async Task<IPage> SignedInAsync(string email, decimal dollars, long xp, int width = 1280, int height = 800)
    {
        var services = Fixture.App.Services;
        var id = await Operators.CreateAsync(services, email);
        await Operators.FundAsync(services, id, dollars, xp);
        var page = await OpenAsync(width, height);
        await LoginAsync(page, email, "Operator1!");
        await page.WaitForURLAsync("**/market");
        await Assertions.Expect(page.GetByTestId("order-entry")).ToBeVisibleAsync();
        // The ticket is drawn before its circuit is up (prerendered); a click then reaches no handler.
        await WaitForCircuitAsync(page);
        return page;
    }

    private static async Task PlaceAsync(IPage page, string side, string price, string quantity)
    {
        await page.GetByTestId(side == "Buy" ? "side-buy" : "side-sell").ClickAsync();
        await page.GetByTestId("order-price").FillAsync(price);
        await page.GetByTestId("order-quantity").FillAsync(quantity);
        await page.GetByTestId("place-order").ClickAsync();
    }

    [Fact]
    public Task A_sell_appears_in_another_browser_a_buy_trades_and_both_screens_update_without_reload() => RunAsync(async () =>
    {
        var seller = await SignedInAsync("e2e-market-seller@test.local", 0, 1_000);
        var buyer = await SignedInAsync("e2e-market-buyer@test.local", 100, 0);
        await Assertions.Expect(buyer.GetByTestId("wallet-cash")).ToContainTextAsync("$100.00");

        await PlaceAsync(seller, "Sell", "0.0200", "500");
        await Assertions.Expect(seller.GetByTestId("order-success")).ToContainTextAsync("500 XP resting");
        var level = buyer.Locator("[data-testid=book-asks] [data-testid=book-level][data-price='0.0200']");
        await Assertions.Expect(level).ToBeVisibleAsync();
        await Assertions.Expect(level).ToContainTextAsync("500");
        await Assertions.Expect(seller.Locator("[data-testid=book-asks] [data-testid=own-level]")).ToBeVisibleAsync();

        // Clicking the level prices the buyer's ticket.
        await level.ClickAsync();
        await Assertions.Expect(buyer.GetByTestId("order-price")).ToHaveValueAsync("0.0200");
        await PlaceAsync(buyer, "Buy", "0.0200", "300");

        foreach (var page in new[] { seller, buyer })
        {
            await Assertions.Expect(page.GetByTestId("tape-row").First).ToContainTextAsync("300");
            await Assertions.Expect(page.GetByTestId("ticker-last")).ToHaveTextAsync("0.0200");
            await Assertions.Expect(page.GetByTestId("appbar-last")).ToHaveTextAsync("0.0200");
        }
        await Assertions.Expect(buyer.GetByTestId("wallet-xp")).ToContainTextAsync("300");
        await Assertions.Expect(seller.GetByTestId("wallet-xp")).ToContainTextAsync("500");
        await Assertions.Expect(seller.GetByTestId("wallet-cash")).ToContainTextAsync("$6.00");
        await Assertions.Expect(level).ToContainTextAsync("200");
        await Assertions.Expect(seller.GetByTestId("open-order")).ToHaveCountAsync(1);
        // The ticket's line follows the order it placed: it tells of the fill, no longer of 500 XP resting.
        await Assertions.Expect(seller.GetByTestId("order-success")).ToContainTextAsync("traded 300 XP more; 200 XP still resting");

        // Far above the last trade: the engine's band refuses it, and the reason shows inline.
        await PlaceAsync(buyer, "Buy", "0.0500", "10");
        await Assertions.Expect(buyer.GetByTestId("order-error")).ToContainTextAsync("band");
    });

    [Fact]
    public Task PrerenderedControls_WaitForTheCircuit_SoAClickAsSoonAsThePageDrawsIsNotLost() => RunAsync(async () =>
    {
        var services = Fixture.App.Services;
        var id = await Operators.CreateAsync(services, "e2e-early-click@test.local");
        await Operators.FundAsync(services, id, 0, 1_000);
        var page = await OpenAsync();
        await LoginAsync(page, "e2e-early-click@test.local", "Operator1!");
        // No wait for the circuit: the first paint of the ticket is prerendered, and its controls are disabled until
        // the handlers are attached, so these actions wait for them instead of reaching nothing.
        await page.WaitForURLAsync("**/market", new() { WaitUntil = WaitUntilState.Commit });
        // A price inside the band around whatever the shared market last traded at (the prerendered ticker says it).
        var last = await page.GetByTestId("ticker-last").InnerTextAsync();
        var price = (decimal.TryParse(last, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 0.0200m) + 0.0010m;
        await page.GetByTestId("side-sell").ClickAsync();
        await page.GetByTestId("order-price").FillAsync(price.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("order-quantity").FillAsync("25");
        await page.GetByTestId("place-order").ClickAsync();

        await Assertions.Expect(page.GetByTestId("order-success")).ToContainTextAsync("25 XP");
    });

    [Fact]
    public Task Ticket_EnterInThePrice_PlacesTheOrder_WithACommaPrice() => RunAsync(async () =>
    {
        var seller = await SignedInAsync("e2e-enter-seller@test.local", 0, 1_000);
        // Choosing Sell only takes once the circuit is up; typing before that would be lost on the handoff.
        for (var attempt = 0; attempt < 40 && !(await seller.GetByTestId("place-order").InnerTextAsync()).Contains("Sell"); attempt++)
        {
            await seller.GetByTestId("side-sell").ClickAsync();
            await seller.WaitForTimeoutAsync(250);
        }
        await seller.GetByTestId("order-price").FillAsync("0,0300");
        await seller.GetByTestId("order-quantity").FillAsync("40");

        await seller.GetByTestId("order-price").PressAsync("Enter");

        await Assertions.Expect(seller.GetByTestId("order-success")).ToContainTextAsync("40 XP resting");
        await Assertions.Expect(seller.Locator("[data-testid=book-asks] [data-testid=book-level][data-price='0.0300']")).ToBeVisibleAsync();
    });

    [Fact]
    public Task The_tickets_line_about_a_resting_order_says_so_once_the_order_is_cancelled() => RunAsync(async () =>
    {
        var seller = await SignedInAsync("e2e-ticket-cancelled@test.local", 0, 1_000);
        await PlaceAsync(seller, "Sell", "0.0230", "50");
        await Assertions.Expect(seller.GetByTestId("order-success")).ToContainTextAsync("50 XP resting");

        await seller.GetByTestId("cancel-all").ClickAsync();
        await seller.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel all" }).ClickAsync();

        await Assertions.Expect(seller.GetByTestId("open-orders-empty")).ToBeVisibleAsync();
        await Assertions.Expect(seller.GetByTestId("order-success")).ToContainTextAsync("was cancelled; nothing of it rests");
        await Assertions.Expect(seller.GetByTestId("order-success")).Not.ToContainTextAsync("resting");
    });

    [Fact]
    public Task Ticket_EnterInTheQuantity_PlacesTheOrder() => RunAsync(async () =>
    {
        var seller = await SignedInAsync("e2e-enter-quantity@test.local", 0, 1_000);
        for (var attempt = 0; attempt < 40 && !(await seller.GetByTestId("place-order").InnerTextAsync()).Contains("Sell"); attempt++)
        {
            await seller.GetByTestId("side-sell").ClickAsync();
            await seller.WaitForTimeoutAsync(250);
        }
        await seller.GetByTestId("order-price").FillAsync("0.0230");
        await seller.GetByTestId("order-quantity").FillAsync("30");

        await seller.GetByTestId("order-quantity").PressAsync("Enter");

        await Assertions.Expect(seller.GetByTestId("order-success")).ToContainTextAsync("30 XP resting");
        await Assertions.Expect(seller.Locator("[data-testid=book-asks] [data-testid=book-level][data-price='0.0230']")).ToBeVisibleAsync();
    });

    /// <summary>
    /// At 1280 px the open orders follow right under the chart and the book, not under the order ticket (taller than
    /// both), which left a blank block the ticket's height beside it; and "Order book" stays on one line.
    /// </summary>
    [Fact]
    public Task On_a_desktop_the_orders_follow_right_under_the_chart_and_the_book_and_the_book_heading_is_one_line() => RunAsync(async () =>
    {
        var desktop = await SignedInAsync("e2e-market-layout@test.local", 50, 500);
        await Assertions.Expect(desktop.GetByTestId("my-orders")).ToBeVisibleAsync();

        var book = (await desktop.GetByTestId("order-book").BoundingBoxAsync())!;
        var ticket = (await desktop.GetByTestId("order-entry").BoundingBoxAsync())!;
        var orders = (await desktop.GetByTestId("my-orders").BoundingBoxAsync())!;
        Assert.True(ticket.Y + ticket.Height > book.Y + book.Height + 50, $"The ticket ({ticket.Y + ticket.Height}) is expected taller than the book ({book.Y + book.Height}) here.");
        Assert.InRange(orders.Y - (book.Y + book.Height), 0, 24);
        Assert.True(orders.X + orders.Width < ticket.X, "The open orders are beside the ticket, not under it.");

        var heading = desktop.GetByRole(AriaRole.Heading, new() { Name = "Order book" });
        var lines = await heading.EvaluateAsync<double>("h => h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight)");
        Assert.True(lines < 1.5, $"The order book's heading takes {lines:0.0} lines.");
    });

    [Fact]
    public Task The_market_page_fits_a_desktop_and_a_phone_and_visitors_get_a_sign_in_prompt() => RunAsync(async () =>
    {
        Directory.CreateDirectory(ArtifactsFolder);
        var desktop = await SignedInAsync("e2e-market-viewer@test.local", 50, 500);
        await Assertions.Expect(desktop.GetByRole(AriaRole.Heading, new() { Name = "Order book" })).ToBeVisibleAsync();
        await Assertions.Expect(desktop.GetByTestId("price-chart").Locator("canvas").First).ToBeAttachedAsync();
        // The chart library's attribution link is a tab stop: it is named, not announced as its icon's letter.
        await Assertions.Expect(desktop.GetByTestId("price-chart").Locator("a#tv-attr-logo")).ToHaveAttributeAsync("aria-label", "Charts by TradingView (opens in a new tab)");
        await desktop.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, "market-1280x800.png") });

        var phone = await SignedInAsync("e2e-market-phone@test.local", 50, 500, 390, 844);
        await Assertions.Expect(phone.GetByTestId("price-chart").Locator("canvas").First).ToBeAttachedAsync();
        await phone.GetByTestId("place-order").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(phone.GetByTestId("place-order")).ToBeInViewportAsync();
        var overflow = await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The market page scrolls sideways on a 390px phone.");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, "market-390x844.png"), FullPage = true });

        var visitor = await OpenAsync();
        await visitor.GotoAsync("/market");
        await Assertions.Expect(visitor.GetByTestId("sign-in-prompt")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.GetByTestId("order-entry")).ToHaveCountAsync(0);
        await Assertions.Expect(visitor.GetByTestId("order-book")).ToBeVisibleAsync();
    });
}
