using System.Globalization;

namespace XpFlywheel.Web.Epochs;

/// <summary>How shares and XP read on pages: percentages to two places, XP with separators.</summary>
public static class ShareFormat
{
    public static string Percent(decimal share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static string Xp(long units) => units.ToString("#,##0", CultureInfo.InvariantCulture) + " XP";

    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
