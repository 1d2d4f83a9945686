using System.Text.RegularExpressions;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>
/// Tables are not striped: in the dark palette MudBlazor's stripe is a fifth of white over the surface, on which the
/// teal agent links of "Your jobs" read at 2.6:1 and grey ids at 4.2:1, below WCAG AA's 4.5:1. Rows keep their hover
/// highlight and their dividers, as every other table in the app has.
/// </summary>
public sealed partial class ReadableTablesTests
{
    [GeneratedRegex(""""(?i)\bStriped="@?true"""")]
    private static partial Regex StripedTable();

    [Fact]
    public void No_table_is_striped_so_its_links_and_secondary_text_keep_their_contrast_in_dark_mode()
    {
        var offences = SourceScan.Offences(StripedTable());
        Assert.True(offences.Count == 0, "A striped row fails contrast in dark mode:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void TheScan_CatchesEachForm()
    {
        Assert.Matches(StripedTable(), "<MudSimpleTable Dense=\"true\" Striped=\"true\">");
        Assert.Matches(StripedTable(), "<MudTable Striped=\"@true\">");
        Assert.DoesNotMatch(StripedTable(), "<MudTable Striped=\"false\">");
    }
}
