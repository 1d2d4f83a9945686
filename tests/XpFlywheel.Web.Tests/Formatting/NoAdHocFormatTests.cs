using System.Text.RegularExpressions;

namespace XpFlywheel.Web.Tests.Formatting;

/// <summary>Pages write numbers only through <c>Fmt</c>: a format string in a .razor file brings back the five ways.</summary>
public sealed partial class NoAdHocFormatTests
{
    // .ToString("0.00"), .ToString("#,##0"), .ToString("N0"), {x:0.0000}, {x:N2}, and Cash rendered by its own ToString.
    [GeneratedRegex("""ToString\("(?:[#0,.$%]+|[NCFP][0-9]*|[ncfp][0-9]+)"|\{[^{}"]*:(?:[#0,.$%]+|[NCFP][0-9]*|[ncfp][0-9]+)\}|@\(new Cash\(|new Cash\([^()]*\)\.ToString\(\)|MarketFormat|UsdExact""")]
    private static partial Regex AdHocFormat();

    [Fact]
    public void RazorFiles_WriteNumbersOnlyThroughFmt()
    {
        var offences = SourceScan.Offences(AdHocFormat());
        Assert.True(offences.Count == 0, "Write numbers with Fmt:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void TheScan_CatchesEachForbiddenKind()
    {
        string[] bad = ["@x.ToString(\"0.00\")", "@x.ToString(\"#,##0\")", "@x.ToString(\"N0\")", "$\"{p:0.0000}\"", "$\"{v:N2}\"", "@(new Cash(m))", "new Cash(m).ToString()"];
        Assert.All(bad, line => Assert.Matches(AdHocFormat(), line));
        Assert.DoesNotMatch(AdHocFormat(), "@Fmt.Cash(m) @t.ToString(\"yyyy-MM-dd\") @span.ToString(\"c\", Invariant)");
    }
}
