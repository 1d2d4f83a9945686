using System.Globalization;
using XpFlywheel.Core.Economy;

namespace XpFlywheel.Web.Economy;

/// <summary>How economy figures are written on pages: one place, so every page reads the same.</summary>
public static class Fmt
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A fee rate as a percentage with two decimals: 0.025 → "2.50%".</summary>
    public static string Rate(decimal rate) => (rate * 100).ToString("0.00", Invariant) + "%";

    /// <summary>Whole XP with thousands separators: 5000000 → "5,000,000".</summary>
    public static string Xp(long xp) => xp.ToString("#,##0", Invariant);

    public static string Score(TrustScore score) => score.ToString();

    public static string Points(double points) => (points >= 0 ? "+" : "−") + Math.Abs(points).ToString("0.0", Invariant);

    /// <summary>A success rate, or a dash when there is nothing to rate.</summary>
    public static string Success(double? rate) => rate is { } r ? (r * 100).ToString("0.0", Invariant) + "%" : "—";

    public static string Age(TimeSpan age) => age.TotalDays switch
    {
        < 1 => "< 1 day",
        < 2 => "1 day",
        < 365 => $"{(int)age.TotalDays} days",
        _ => (age.TotalDays / 365).ToString("0.0", Invariant) + " years",
    };

    /// <summary>Time left on an unlock, down to the second: "6d 23h 59m 59s".</summary>
    public static string Countdown(TimeSpan left) => left <= TimeSpan.Zero
        ? "due now"
        : left.Days > 0 ? $"{left.Days}d {left.Hours}h {left.Minutes}m {left.Seconds}s"
        : left.Hours > 0 ? $"{left.Hours}h {left.Minutes}m {left.Seconds}s"
        : $"{left.Minutes}m {left.Seconds}s";

    /// <summary>
    /// The tier window as a span of time: "30 days", "1 day", or hours and minutes for a demo's short window
    /// (<c>Tiers:Window</c>): "6 minutes", "3 hours".
    /// </summary>
    public static string Window(TimeSpan window) => window.TotalDays >= 1
        ? Plural((int)window.TotalDays, "day")
        : window.TotalHours >= 1 && window.Minutes == 0 ? Plural((int)window.TotalHours, "hour")
        : Plural((int)Math.Max(1, window.TotalMinutes), "minute");

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";

    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant);

    public static string Usd(decimal dollars) => dollars.ToString("$#,##0.00", Invariant);

    /// <summary>USD per XP on the tick (4 places), with up to 4 more for tiny break-even prices.</summary>
    public static string Price(decimal? dollars) => dollars is { } d ? d.ToString("$#,##0.0000####", Invariant) : "—";
}
