using System.Text.RegularExpressions;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>
/// A prerendered interactive page has no event handlers until its circuit is up: its controls are drawn disabled (a
/// disabled fieldset around the app bar, the drawer and the page) so a click in that moment waits instead of being lost. Account
/// pages have no circuit and stay usable as plain HTML.
/// </summary>
public partial class PrerenderedControlsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [GeneratedRegex("<fieldset class=\"boot-fieldset\"[^>]*>")]
    private static partial Regex BootFieldset();

    [Theory]
    [InlineData("/market")]
    [InlineData("/leaderboard")]
    [InlineData("/epochs")]
    [InlineData("/tiers")]
    public async Task PrerenderedInteractivePage_DrawsItsControlsDisabledUntilTheCircuitIsUp(string path)
    {
        var html = await factory.CreateBrowserlikeClient().GetStringAsync(path);

        var wrappers = BootFieldset().Matches(html);
        // The app bar's controls, the drawer's (its time-zone toggle) and the page's.
        Assert.Equal(3, wrappers.Count);
        Assert.All(wrappers, w => Assert.Contains(" disabled", w.Value));
        // The page's body (its first heading) is inside the last disabled wrapper, not beside it.
        var body = html.IndexOf("<h1", wrappers[2].Index, StringComparison.Ordinal);
        Assert.True(body > wrappers[2].Index, "The page's content is not inside the prerender's disabled fieldset.");
        var toggle = html.IndexOf("data-testid=\"times-toggle\"", StringComparison.Ordinal);
        Assert.True(toggle > wrappers[1].Index && toggle < wrappers[2].Index, "The drawer's time-zone toggle is not inside the prerender's disabled fieldset.");
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/Register")]
    public async Task StaticAccountPage_KeepsItsControlsEnabled(string path)
    {
        var html = await factory.CreateBrowserlikeClient().GetStringAsync(path);

        var wrappers = BootFieldset().Matches(html);
        Assert.NotEmpty(wrappers);
        Assert.All(wrappers, w => Assert.DoesNotContain(" disabled", w.Value));
        Assert.DoesNotContain("data-testid=\"boot-slow\"", html);
    }

    /// <summary>
    /// A lost connection is shown in the app's own reconnect display (Blazor finds it by its id and sets one class per
    /// state): a sentence for each state, the attempt counters Blazor fills in, and its buttons' script, which the
    /// Content-Security-Policy allows as a file.
    /// </summary>
    [Fact]
    public async Task A_page_carries_a_reconnect_display_with_a_sentence_for_every_state()
    {
        var client = factory.CreateBrowserlikeClient();
        var html = await client.GetStringAsync("/market");

        var display = html.IndexOf("id=\"components-reconnect-modal\"", StringComparison.Ordinal);
        Assert.True(display > 0, "no reconnect display");
        foreach (var part in new[] { "class=\"when-show\"", "class=\"when-retrying\"", "class=\"when-paused\"", "class=\"when-failed\"", "class=\"when-rejected\"",
            "id=\"components-reconnect-current-attempt\"", "id=\"components-seconds-to-next-attempt\"", "data-reconnect=\"retry\"", "role=\"alertdialog\"" })
            Assert.Contains(part, html[display..]);
        var script = Regex.Match(html, "src=\"(js/reconnect[^\"]*\\.js)\"");
        Assert.True(script.Success, "the reconnect display's script is not loaded");
        Assert.Contains("Blazor.reconnect()", await client.GetStringAsync("/" + script.Groups[1].Value));
    }

    /// <summary>
    /// A page whose controls wait for the live connection carries the notice that says so (kept hidden by the style
    /// sheet until it has waited 10 s, and gone once the connection is up): a page left greyed out, its connection
    /// blocked or the server away, tells the reader why and how to recover instead of showing nothing.
    /// </summary>
    [Theory]
    [InlineData("/market")]
    [InlineData("/epochs")]
    public async Task A_page_waiting_for_its_live_connection_carries_the_notice_that_says_so(string path)
    {
        var html = await factory.CreateBrowserlikeClient().GetStringAsync(path);

        var notice = html.IndexOf("data-testid=\"boot-slow\"", StringComparison.Ordinal);
        Assert.True(notice > 0, "the prerendered page carries no notice for a connection that does not come up");
        Assert.Contains("Still connecting to the server", html[notice..]);
        Assert.Contains("role=\"status\"", html[(notice - 200)..notice]);
    }
}
