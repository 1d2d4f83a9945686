using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>
/// A notice a user closes with its ✕ keeps keyboard focus where it was: the ✕ that held focus goes with the notice, and
/// focus would otherwise fall to the page body, sending a keyboard user back to the top of the page.
/// </summary>
public sealed class ClosableNoticeTests : MudTestContext
{
    [Fact]
    public async Task Closing_a_notice_moves_keyboard_focus_to_the_box_it_showed_in()
    {
        var closed = 0;
        var cut = Render<ClosableNotice>(p => p
            .Add(x => x.Open, true)
            .Add(x => x.Closed, () => closed++)
            .AddUnmatched("data-testid", "placed")
            .AddChildContent("Order placed"));
        Assert.Contains("Order placed", cut.Find("[data-testid=placed]").TextContent);

        cut.OnRenderer(() => cut.Find("[data-testid=placed] button").Click());

        Assert.Equal(1, closed);
        await AssertFocusReachesAsync(() => cut.Instance.Element);
    }

    [Fact]
    public void A_closed_notice_leaves_its_box_and_shows_nothing()
    {
        var cut = Render<ClosableNotice>(p => p.Add(x => x.Open, false).AddChildContent("Order placed"));

        Assert.Empty(cut.FindAll(".mud-alert"));
        Assert.Single(cut.FindAll("div.closable-notice[tabindex='-1']"));
    }

    /// <summary>Every alert with a ✕ is a <see cref="ClosableNotice"/>: a bare MudAlert's ✕ drops focus to the page body.</summary>
    [Fact]
    public void Every_alert_a_user_can_close_keeps_focus_when_closed()
    {
        var web = Path.Combine(RepoRoot(), "src", "Web");
        var own = Path.Combine("Components", "Shared", "ClosableNotice.razor");
        var offences = Directory.EnumerateFiles(web, "*.razor", SearchOption.AllDirectories)
            .Where(file => Path.GetRelativePath(web, file) != own)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => x.line.Contains("CloseIconClicked", StringComparison.Ordinal) || x.line.Contains("ShowCloseIcon=\"true\"", StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(web, x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();
        Assert.True(offences.Count == 0, "Use ClosableNotice for an alert the user can close:\n" + string.Join("\n", offences));
    }

    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
}
