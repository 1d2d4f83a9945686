namespace XpFlywheel.E2E;

[Collection(DemoBrowserCollection.Name)]
public class DemoFlowTests(DemoBrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Fresh_start_in_demo_mode_shows_a_moving_order_book_and_trade_tape_within_30_seconds() => RunAsync(async () =>
    {
        var page = await OpenAsync();
        await page.GotoAsync("/market");

        // No user does anything: the demo bots quote, trade and fill the tape on their own.
        var tape = page.GetByTestId("tape-row");
        await Assertions.Expect(tape.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var ladder = page.GetByTestId("book-level");
        await Assertions.Expect(ladder.First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        var firstTrade = await tape.First.InnerTextAsync();
        var firstCount = await tape.CountAsync();
        await page.WaitForFunctionAsync(
            "([text, count]) => { const rows = document.querySelectorAll('[data-testid=tape-row]'); return rows.length > count || (rows[0] && rows[0].innerText !== text); }",
            new object[] { firstTrade, firstCount }, new() { Timeout = 30_000 });
        await page.GotoAsync("/Account/Login");
        await Assertions.Expect(page.GetByTestId("demo-logins")).ToContainTextAsync("demo@xpflywheel.local");
    });
}
