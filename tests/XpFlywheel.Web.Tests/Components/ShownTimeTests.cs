using System.Text.RegularExpressions;
using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>
/// Every moment a page shows is written one way: the time of day alone, or the date as year-month-day with the time
/// and the zone label, so the same kind of value never reads "Dec 3, 14:03" in one table and "2026-12-03 14:03" in
/// the next.
/// </summary>
public sealed partial class ShownTimeTests : MudTestContext
{
    private static readonly DateTime At = new(2026, 12, 3, 9, 5, 7, DateTimeKind.Utc);

    [GeneratedRegex(@"^(\d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? UTC)$")]
    private static partial Regex OneDateForm();

    [Fact]
    public void Every_time_style_writes_dates_as_year_month_day()
    {
        foreach (var style in Enum.GetValues<TimeStyle>())
        {
            var text = Render<ShownTime>(p => p.Add(c => c.At, At).Add(c => c.Style, style)).Find("time").TextContent;
            Assert.Matches(OneDateForm(), text);
        }
    }

    [Fact]
    public void A_time_to_the_minute_and_to_the_second_share_the_date_form()
    {
        Assert.Equal("2026-12-03 09:05 UTC", Render<ShownTime>(p => p.Add(c => c.At, At).Add(c => c.Style, TimeStyle.Minutes)).Find("time").TextContent);
        Assert.Equal("2026-12-03 09:05:07 UTC", Render<ShownTime>(p => p.Add(c => c.At, At).Add(c => c.Style, TimeStyle.DateTime)).Find("time").TextContent);
    }
}
