using System.Globalization;

namespace XpFlywheel.Web.Epochs;

/// <summary>How epoch moments read on pages; numbers are written by <see cref="Components.Shared.Fmt"/>.</summary>
public static class ShareFormat
{
    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
