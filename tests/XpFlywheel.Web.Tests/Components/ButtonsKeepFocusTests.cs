using System.Text.RegularExpressions;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>
/// A button is never disabled by the work it started: a disabled button drops the keyboard focus it holds to the page
/// body, so a keyboard or screen-reader user pressing Register, Record job, Deposit, Burn or Dispute was sent back to
/// the top of the page whenever the answer took longer than a frame. A second press is kept out by the handler's own
/// guard (<c>if (_busy) return;</c> before its first await) instead.
/// </summary>
public sealed partial class ButtonsKeepFocusTests
{
    // Disabled="_busy", Disabled="@_busy", Disabled="@(_busy || …)", disabled="@_busy" on any element.
    [GeneratedRegex("""(?i)\bdisabled="@?\(?\s*_busy\b""")]
    private static partial Regex DisabledWhileBusy();

    // The open orders list moves focus itself after each cancel and amend (to the row now in its place), so its
    // buttons may be disabled while one runs.
    private static readonly string[] MovesFocusItself = [Path.Combine("Market", "OpenOrders.razor")];

    [Fact]
    public void A_button_is_never_disabled_by_its_own_submission()
    {
        var offences = SourceScan.Offences(DisabledWhileBusy(),
            file => file.EndsWith(".razor", StringComparison.Ordinal) && !MovesFocusItself.Contains(Path.GetRelativePath(SourceScan.Web, file)));
        Assert.True(offences.Count == 0, "Guard the handler instead of disabling its button while it runs:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void TheScan_CatchesEachForm()
    {
        string[] bad = ["Disabled=\"_busy\"", "Disabled=\"@_busy\"", "Disabled=\"@(_busy || !RendererInfo.IsInteractive)\"", "disabled=\"@_busy\""];
        Assert.All(bad, line => Assert.Matches(DisabledWhileBusy(), line));
        Assert.DoesNotMatch(DisabledWhileBusy(), "Disabled=\"@(!RendererInfo.IsInteractive)\" aria-busy=\"@(_busy ? \"true\" : \"false\")\"");
    }
}
