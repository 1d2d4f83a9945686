using System.Globalization;

namespace XpFlywheel.Web.Components.Layout;

/// <summary>
/// How this reader sees the app: light or dark, and the zone times are written in. Read from cookies when the page
/// is rendered (so the first HTML already has the right theme and times), cascaded from <c>Routes</c>, and changed
/// over the circuit by the theme and time buttons, which also rewrite the cookies.
/// </summary>
public sealed class DisplaySettings
{
    /// <summary>The reader's own choice, "dark" or "light"; absent means "follow the system".</summary>
    public const string ThemeCookie = "xpf-theme";

    /// <summary>What the browser prefers (prefers-color-scheme), written by the page's head script.</summary>
    public const string SystemThemeCookie = "xpf-system-theme";

    /// <summary>The browser's IANA time zone, written by the page's head script and confirmed once per circuit.</summary>
    public const string ZoneCookie = "xpf-zone";

    /// <summary>"utc" to show every time in UTC; anything else shows the browser's zone.</summary>
    public const string TimesCookie = "xpf-times";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Settings from the cookie values (any may be null): the choice wins, then the system preference.</summary>
    public DisplaySettings(string? theme, string? systemTheme, string? zone, string? times)
    {
        Dark = theme is "dark" || (theme is not "light" && systemTheme is "dark");
        ThemeChosen = theme is "dark" or "light";
        Zone = FindZone(zone);
        Utc = times is "utc";
    }

    /// <summary>Light theme, UTC times: for a component rendered where no settings cascade.</summary>
    public static DisplaySettings InUtc() => new(null, null, null, "utc");

    /// <summary>Dark palette on.</summary>
    public bool Dark { get; private set; }

    /// <summary>The reader picked light or dark themselves (instead of following the system).</summary>
    public bool ThemeChosen { get; private set; }

    /// <summary>The browser's zone, or null when it is not known (yet): times are then shown in UTC.</summary>
    public TimeZoneInfo? Zone { get; private set; }

    /// <summary>The reader asked for UTC times.</summary>
    public bool Utc { get; private set; }

    /// <summary>
    /// The browser's zone is known and is UTC all year (<c>Etc/UTC</c>, <c>UTC</c>; not <c>Europe/London</c>, which
    /// moves in summer): its local times and UTC times are the same, so choosing between them changes nothing shown.
    /// </summary>
    public bool LocalIsUtc => Zone is { } zone && zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime;

    /// <summary>The zone times are written in now.</summary>
    public TimeZoneInfo ShownZone => Utc || Zone is null ? TimeZoneInfo.Utc : Zone;

    /// <summary>
    /// Raised after any setting changed; components re-render their times or colours. The settings belong to one
    /// circuit and change only on it (a click, the layout's first render), so handlers run on the circuit already.
    /// </summary>
    public event Action? Changed;

    /// <summary>The reader picked a theme: it wins over the system preference from now on.</summary>
    public void SetDark(bool dark)
    {
        Dark = dark;
        ThemeChosen = true;
        Changed?.Invoke();
    }

    /// <summary>Follows the system preference when the reader has not chosen; true when that changed the theme.</summary>
    public bool FollowSystem(bool systemDark)
    {
        if (ThemeChosen || Dark == systemDark)
            return false;
        Dark = systemDark;
        Changed?.Invoke();
        return true;
    }

    /// <summary>The reader switched between UTC and the browser's zone.</summary>
    public void SetUtc(bool utc)
    {
        Utc = utc;
        Changed?.Invoke();
    }

    /// <summary>Takes the zone the browser reported; unknown names keep the current zone.</summary>
    public void SetZone(string? zone)
    {
        var found = FindZone(zone);
        if (found is null || found.Id == Zone?.Id)
            return;
        Zone = found;
        Changed?.Invoke();
    }

    /// <summary>The label after shown times: "UTC", or the zone's offset at <paramref name="utc"/> ("UTC−5").</summary>
    public string ZoneLabel(System.DateTime? utc = null)
    {
        var zone = ShownZone;
        if (zone == TimeZoneInfo.Utc)
            return "UTC";
        var offset = zone.GetUtcOffset(AsUtc(utc ?? System.DateTime.UtcNow));
        var sign = offset < TimeSpan.Zero ? "−" : "+";
        var magnitude = offset.Duration();
        return offset == TimeSpan.Zero ? "UTC"
            : magnitude.Minutes == 0 ? $"UTC{sign}{magnitude.Hours}"
            : $"UTC{sign}{magnitude.Hours}:{magnitude.Minutes:00}";
    }

    /// <summary>The zone's name for tooltips: the IANA id, or "UTC" (also for a zone that is UTC all year, such as <c>Etc/UTC</c>).</summary>
    public string ZoneName => ShownZone == TimeZoneInfo.Utc || LocalIsUtc ? "UTC" : ShownZone.Id;

    /// <summary>A stored (UTC) instant as wall-clock time in the shown zone, e.g. "14:03:22".</summary>
    public string Time(System.DateTime utc) => Shown(utc).ToString("HH:mm:ss", Invariant);

    /// <summary>Date and time in the shown zone with its label, e.g. "2026-11-30 14:03:22 UTC−5".</summary>
    public string DateAndTime(System.DateTime utc) => Shown(utc).ToString("yyyy-MM-dd HH:mm:ss", Invariant) + " " + ZoneLabel(utc);

    /// <summary>Date and minutes in the shown zone with its label, e.g. "2026-11-30 14:03 UTC−5".</summary>
    public string Minutes(System.DateTime utc) => Shown(utc).ToString("yyyy-MM-dd HH:mm", Invariant) + " " + ZoneLabel(utc);

    /// <summary>Stored instants are UTC; SQLite hands them back as Unspecified, so the kind is set, not converted.</summary>
    private static System.DateTime AsUtc(System.DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => System.DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    private System.DateTime Shown(System.DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(AsUtc(utc), ShownZone);

    private static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
            return null;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
    }
}
