using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

/// <summary>Two operators in two browsers trade through a request for quote on the OTC desk.</summary>
public class OtcFlowTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Two_operators_trade_through_a_request_for_quote()
    {
        var host = Fixture.App.Services.GetRequiredService<ExchangeHost>();
        // The band needs a centre: other browser tests may have traded; otherwise the desk starts from $0.0200, and the
        // shared app gets its empty reference back afterwards (the book's own band must not change for other tests).
        var (reference, setHere) = await host.ExecuteAsync(s =>
        {
            var unset = s.Engine.ReferencePrice is null;
            if (unset)
                s.Engine.SetReferencePrice(new Price(200));
            return (s.Engine.ReferencePrice!.Value, unset);
        });
        try
        {
            await TradeAsync(reference);
        }
        finally
        {
            if (setHere)
                await host.ExecuteAsync(s => { s.Engine.RestoreState(s.Engine.State with { LastTradePrice = new Price(0) }); return 0; });
        }
    }

    private Task TradeAsync(Price reference) => RunAsync(async () =>
    {
        var services = Fixture.App.Services;
        var buyer = await Operators.CreateAsync(services, "e2e-otc-buyer@test.local");
        await Operators.FundAsync(services, buyer, 1_000, 0);
        var seller = await Operators.CreateAsync(services, "e2e-otc-seller@test.local");
        await Operators.FundAsync(services, seller, 0, 5_000);

        var asking = await OpenAsync();
        await LoginAsync(asking, "e2e-otc-buyer@test.local", "Operator1!");
        // The circuit's start is what the next click needs, not the load event of every script and style sheet. This
        // is often the first sign-in on a freshly started app (its first password check and queries), which on a loaded
        // two-core machine once took longer than Playwright's default 30 s.
        await asking.WaitForURLAsync("**/market", new() { WaitUntil = WaitUntilState.Commit, Timeout = 90_000 });
        // The layout re-renders when the circuit starts: a click before that can be lost with the prerendered link.
        await WaitForCircuitAsync(asking);
        await asking.GetByRole(AriaRole.Link, new() { Name = "OTC desk" }).First.ClickAsync();
        await asking.WaitForURLAsync("**/otc");
        await WaitForCircuitAsync(asking);
        await asking.GetByRole(AriaRole.Tab, new() { Name = "Requests for quote" }).ClickAsync();
        // Enter in the quantity asks, as in every other form (the request form is a form).
        await asking.GetByTestId("rfq-quantity").FillAsync("500");
        await asking.GetByTestId("rfq-quantity").PressAsync("Enter");
        await Assertions.Expect(asking.GetByTestId("rfq-result")).ToContainTextAsync("Request sent");
        // A refused request does not leave the last one's "Request sent" standing beside its error.
        await asking.GetByTestId("rfq-quantity").FillAsync("0");
        await asking.GetByTestId("rfq-quantity").PressAsync("Enter");
        await Assertions.Expect(asking.GetByTestId("rfq-result")).ToHaveCountAsync(0);
        await Assertions.Expect(asking.GetByText("Enter a whole number of XP").First).ToBeVisibleAsync();

        var quoting = await OpenAsync(390, 844);   // the quoter is on a phone
        await LoginAsync(quoting, "e2e-otc-seller@test.local", "Operator1!");
        await quoting.WaitForURLAsync("**/market");
        await quoting.GotoAsync("/otc");
        await WaitForCircuitAsync(quoting);
        await quoting.GetByRole(AriaRole.Tab, new() { Name = "Requests for quote" }).ClickAsync();
        await quoting.GetByTestId("quote-price").FillAsync(reference.ToString());
        await quoting.GetByTestId("send-quote").First.ClickAsync();
        await Assertions.Expect(quoting.GetByTestId("rfq-result")).ToContainTextAsync("Quote sent");

        // The quote reaches the requester live, and only the requester can accept it.
        await asking.GetByTestId("accept-quote").First.ClickAsync();
        // It settles at once and cannot be undone, so it is confirmed first, as a take of an offer is.
        var confirm = asking.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(confirm).ToContainTextAsync("Buy 500 XP from");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Buy", Exact = true }).ClickAsync();
        await Assertions.Expect(asking.GetByTestId("rfq-result")).ToContainTextAsync("Traded 500 XP");

        await quoting.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await Assertions.Expect(quoting.GetByTestId("otc-my-trades")).ToContainTextAsync("Sold");
        await Assertions.Expect(quoting.GetByTestId("otc-tape")).ToContainTextAsync("500");

        // The wallet's movements name the other side of an OTC trade as every other page does, with its number.
        await asking.GotoAsync("/wallet");
        await Assertions.Expect(asking.GetByTestId("postings")).ToContainTextAsync($"e2e-otc-seller (#{seller})");
    });
}
