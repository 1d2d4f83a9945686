namespace XpFlywheel.E2E;

public class NavigationFlowTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task A_link_followed_before_the_circuit_connects_shows_the_page_it_names() => RunAsync(async () =>
    {
        var page = await OpenAsync();
        // The click lands while the market page is still only prerendered, and the leaderboard's HTML comes back
        // after the market page's circuit has started.
        await page.RouteAsync("**/leaderboard", async route =>
        {
            await Task.Delay(2000);
            await route.ContinueAsync();
        });
        await page.GotoAsync("/market", new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByRole(AriaRole.Link, new() { Name = "Leaderboard", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/leaderboard");

        // Once the circuit is up (the dark-mode toggle answers), the page on screen is still the leaderboard.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Leaderboard", Exact = true })).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(2500);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Leaderboard", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Market XP/USD", Exact = true })).ToHaveCountAsync(0);
    });
}
