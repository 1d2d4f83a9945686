using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace XpFlywheel.Web.Tests.Live;

/// <summary>
/// Components follow live data one way, <c>LiveRefresh</c>: a second idiom (a timer of their own, a hand-rolled
/// throttle, dirty flags, a bare <c>InvokeAsync(…)</c> from a feed callback) brings back the five ways.
/// </summary>
public sealed partial class OneLiveRefreshIdiomTests
{
    // Allowed: InvokeAsync passed as a method group to LiveRefresh, JS.InvokeAsync<…>(…), callback.InvokeAsync(…).
    [GeneratedRegex(@"(?<![\w.])InvokeAsync\s*\(|\bnew\s+(?:System\.Threading\.)?Timer\s*\(|\bPeriodicTimer\b|\.CreateTimer\s*\(|\bTask\.Delay\s*\(|\bThread\.Sleep\b|\bInterlocked\.|\bCoalescer\b|\bRenderThrottle\b")]
    private static partial Regex SecondIdiom();

    [Fact]
    public void Components_refresh_live_only_through_LiveRefresh()
    {
        var offences = SourceScan.Offences(SecondIdiom(), IsComponent);
        Assert.True(offences.Count == 0, "Follow live data with LiveRefresh:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void The_scan_catches_each_second_idiom()
    {
        string[] bad =
        [
            "_ = InvokeAsync(LoadAsync);", "private void OnChanged() => InvokeAsync(StateHasChanged);",
            "_timer = new Timer(_ => Load(), null, 1000, 1000);", "using var timer = new PeriodicTimer(Period);",
            "_timer = Clock.CreateTimer(_ => Tick(), null, period, period);", "await Task.Delay(100);",
            "Interlocked.Exchange(ref _dirty, 1);", "_coalescer = new Coalescer(RefreshAsync);", "_throttle?.Signal(); // RenderThrottle",
        ];
        Assert.All(bad, line => Assert.Matches(SecondIdiom(), line));
        string[] fine =
        [
            "_live = new LiveRefresh(Clock, InvokeAsync, LoadAsync);", "await JS.InvokeAsync<IJSObjectReference>(\"import\", path);",
            "await OnSelected.InvokeAsync(row);", "await _module.InvokeAsync<string>(\"zone\");",
        ];
        Assert.All(fine, line => Assert.DoesNotMatch(SecondIdiom(), line));
    }

    [Fact]
    public void The_scan_sees_every_live_component()
    {
        var web = Path.Combine(RepoRoot(), "src", "Web");
        var scanned = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories).Where(IsComponent)
            .Select(f => Path.GetFileName(f)).ToHashSet();
        Assert.Contains("OperatorPage.cs", scanned);
        Assert.Contains("MarketLive.razor.cs", scanned);
        Assert.Contains("EpochsPage.razor", scanned);
        Assert.DoesNotContain("LiveRefresh.cs", scanned);
    }

    // Razor files, their code-behind, and any class deriving from a component base; LiveRefresh itself is the one
    // place allowed to own a timer.
    private static bool IsComponent(string file) =>
        Path.GetFileName(file) != "LiveRefresh.cs"
        && (file.EndsWith(".razor", StringComparison.Ordinal) || file.EndsWith(".razor.cs", StringComparison.Ordinal)
            || file.EndsWith(".cs", StringComparison.Ordinal) && File.ReadAllText(file).Contains("ComponentBase", StringComparison.Ordinal));

    private static string RepoRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
}
