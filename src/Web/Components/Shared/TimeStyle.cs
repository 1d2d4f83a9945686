namespace XpFlywheel.Web.Components.Shared;

/// <summary>How much of an instant <see cref="ShownTime"/> writes.</summary>
public enum TimeStyle
{
    /// <summary>Time of day, "14:03:22" (the column header names the zone).</summary>
    Time,

    /// <summary>Date and time with the zone, "2026-11-30 14:03:22 UTC−5".</summary>
    DateTime,

    /// <summary>Date and minutes with the zone, "2026-11-30 14:03 UTC−5": when a moment is meant to the
    /// minute (expiries, lock and job times, notifications).</summary>
    Minutes,
}
