using System.Globalization;
using XpFlywheel.Core.Economy;
using CoreCash = XpFlywheel.Core.Primitives.Cash;
using CorePrice = XpFlywheel.Core.Primitives.Price;

namespace XpFlywheel.Web.Components.Shared;

/// <summary>
/// How every page writes numbers: cash to the cent (the exact micro-dollars on hover, see <see cref="Money"/>),
/// prices to the 0.0001 tick, XP whole with thousands separators, negatives as <c>-$275.77</c>, and a non-zero
/// amount never shown as zero. Always the invariant culture, so a page reads the same in every browser.
/// Exports (CSV, API) keep full precision and do not use these strings.
/// </summary>
public static class Fmt
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Shown in place of a value that does not exist yet (no trade, nothing to rate).</summary>
    public const string None = "—";

    // ---- Cash (USD held in micro-dollars) -------------------------------------------------------------

    /// <summary>
    /// Cash to the cent: 5,663,456,545 µ$ → "$5,663.46", −275,768,595 µ$ → "-$275.77". Non-zero amounts that round
    /// to zero cents read "&lt; $0.01" (or "&gt; -$0.01"), never "$0.00".
    /// </summary>
    public static string Cash(CoreCash cash)
    {
        var cents = decimal.Round(cash.Dollars, 2, MidpointRounding.AwayFromZero);
        if (cents == 0 && cash.Micros != 0)
            return cash.Micros > 0 ? "< $0.01" : "> -$0.01";
        return Dollars(cents, "#,##0.00");
    }

    /// <summary>Cash to the cent from raw micro-dollars (database columns, wallet snapshots).</summary>
    public static string Cash(long micros) => Cash(new CoreCash(micros));

    /// <summary>Cash to the micro-dollar, at least two decimals: "$5,663.456545", "-$0.000675". The hover text.</summary>
    public static string CashExact(CoreCash cash) => Dollars(cash.Dollars, "#,##0.00####");

    /// <summary>Cash to the micro-dollar from raw micro-dollars.</summary>
    public static string CashExact(long micros) => CashExact(new CoreCash(micros));

    /// <summary>The hover text for <paramref name="cash"/>: the exact amount, or null when the cents already say it all.</summary>
    public static string? CashTitle(CoreCash cash) => cash.Micros % 10_000 == 0 ? null : CashExact(cash);

    /// <summary>
    /// A dollar amount that is not held as micro-dollars (a typed volume, a derived figure) to the cent, with the
    /// same negative and tiny-value rules as <see cref="Cash(CoreCash)"/>.
    /// </summary>
    public static string Usd(decimal dollars)
    {
        var cents = decimal.Round(dollars, 2, MidpointRounding.AwayFromZero);
        if (cents == 0 && dollars != 0)
            return dollars > 0 ? "< $0.01" : "> -$0.01";
        return Dollars(cents, "#,##0.00");
    }

    // ---- Prices (USD per XP, tick 0.0001) -------------------------------------------------------------

    /// <summary>A price on the tick, bare as in the order book's USD column: 250 ticks → "0.0250"; none → "—".</summary>
    public static string Price(CorePrice? price) => price is { } p ? p.Dollars.ToString("0.0000", Invariant) : None;

    /// <summary>
    /// A price that may fall between ticks (an average fill), bare: four decimals, or two significant digits when a
    /// non-zero price is below one tick ("0.0000068"), so it never reads as zero; none → "—".
    /// </summary>
    public static string Price(decimal? dollars) => dollars is { } d ? Significant(d) : None;

    /// <summary>A price in prose or a USD column that does not say the unit: "$0.0250", "$0.0000068", "—".</summary>
    public static string PriceUsd(decimal? dollars) =>
        dollars is { } d ? (d < 0 ? "-$" + Significant(-d) : "$" + Significant(d)) : None;

    /// <summary>A price in prose: "$0.0250".</summary>
    public static string PriceUsd(CorePrice? price) => PriceUsd(price?.Dollars);

    /// <summary>A price change with its sign, on the tick: "+0.0010", "-0.0005"; none → "—".</summary>
    public static string PriceChange(decimal? change) =>
        change is { } c ? (c > 0 ? "+" : "") + c.ToString("0.0000", Invariant) : None;

    // ---- XP and counts --------------------------------------------------------------------------------

    /// <summary>Whole XP with thousands separators: 5000000 → "5,000,000".</summary>
    public static string Xp(long xp) => xp.ToString("#,##0", Invariant);

    /// <summary>Whole XP with its unit: "1,250 XP".</summary>
    public static string XpUnit(long xp) => Xp(xp) + " XP";

    /// <summary>A count (jobs, rows, sequence numbers) with thousands separators.</summary>
    public static string Count(long n) => n.ToString("#,##0", Invariant);

    /// <summary>A number as a reader typed it or would type it back: no grouping, up to 12 decimals ("0.00001", "14.4").</summary>
    public static string Plain(decimal value) => value.ToString("0.############", Invariant);

    /// <summary>
    /// Dollars as a field holds them for editing, without the sign, with two decimals as money is written everywhere
    /// ("1,759.50", "2,500.00"): with the point, the commas can only group thousands, so the field reads back the same
    /// amount (Market.PriceText), where "2,500" alone would be refused as ambiguous.
    /// </summary>
    public static string DollarsInput(decimal dollars) => dollars.ToString("#,##0.00", Invariant);

    // ---- Rates and percentages ------------------------------------------------------------------------

    /// <summary>A fee rate as a percentage, exactly: two decimals at least and up to the four a rate may have (FeeSchedule.RateStep): 0.025 → "2.50%", 0.00075 → "0.075%".</summary>
    public static string Rate(decimal rate) => (rate * 100).ToString("#,##0.00##", Invariant) + "%";

    /// <summary>A fraction as a percentage with two decimals: 0.125 → "12.50%".</summary>
    public static string Share(decimal share) => Percent(share * 100);

    /// <summary>A value already in percent with two decimals and thousands separators: 12.5 → "12.50%", 24775.6 → "24,775.60%".</summary>
    public static string Percent(decimal percent) => percent.ToString("#,##0.00", Invariant) + "%";

    /// <summary>A value in percent with one decimal and thousands separators (returns, rough shares): 12.54 → "12.5%", 24775.6 → "24,775.6%"; none → "—".</summary>
    public static string PercentRough(decimal? percent) => percent is { } p ? p.ToString("#,##0.0", Invariant) + "%" : None;

    /// <summary>A change in percent with its sign: 1.5 → "+1.50%", -0.25 → "-0.25%"; none → "—".</summary>
    public static string SignedPercent(decimal? percent) =>
        percent is { } p ? (p > 0 ? "+" : "") + p.ToString("#,##0.00", Invariant) + "%" : None;

    /// <summary>A spread in percent, two decimals as every percentage: 0.5 → "0.50%", 1.005 → "1.01%" (never "1%" beside "1.005%").</summary>
    public static string SpreadPercent(decimal percent) => Percent(decimal.Round(percent, 2, MidpointRounding.AwayFromZero));

    /// <summary>Basis points as a percentage, trailing zeros dropped: 25 bps → "0.25%", 100 → "1%".</summary>
    public static string Bps(int bps) => (bps / 100m).ToString("0.##", Invariant) + "%";

    /// <summary>Basis points as a fee percentage with two decimals: 10 bps → "0.10%".</summary>
    public static string FeeBps(int bps) => Percent(bps / 100m);

    // ---- Trust --------------------------------------------------------------------------------------------

    /// <summary>A trust score as the core writes it.</summary>
    public static string Score(TrustScore score) => score.ToString();

    /// <summary>A trust score or one of its parts, one decimal: 42.25 → "42.3".</summary>
    public static string Points(double points, bool signed) => signed
        ? (points >= 0 ? "+" : "−") + Math.Abs(points).ToString("0.0", Invariant)
        : points.ToString("0.0", Invariant);

    /// <summary>A trust change with its sign, one decimal: "+1.5", "−0.3".</summary>
    public static string Points(double points) => Points(points, signed: true);

    /// <summary>A success rate, or a dash when there is nothing to rate.</summary>
    public static string Success(double? rate) => rate is { } r ? (r * 100).ToString("0.0", Invariant) + "%" : None;

    // ---- Time spans and moments ------------------------------------------------------------------------

    /// <summary>An agent's age in whole days, or years with one decimal past a year: "< 1 day", "12 days", "1.5 years".</summary>
    public static string Age(TimeSpan age) => age.TotalDays switch
    {
        < 1 => "< 1 day",
        < 2 => "1 day",
        < 365 => $"{(int)age.TotalDays} days",
        _ => (age.TotalDays / 365).ToString("0.0", Invariant) + " years",
    };

    /// <summary>A wait in days, one optional decimal: "7 days", "1.5 days".</summary>
    public static string Days(TimeSpan span) => span.TotalDays.ToString("0.#", Invariant) + " days";

    /// <summary>Time left (an unlock, a quote), down to the second, from its largest unit: "6d 23h 59m 59s", "4m 5s", "15s".</summary>
    public static string Countdown(TimeSpan left) => left <= TimeSpan.Zero
        ? "due now"
        : left.Days > 0 ? $"{left.Days}d {left.Hours}h {left.Minutes}m {left.Seconds}s"
        : left.Hours > 0 ? $"{left.Hours}h {left.Minutes}m {left.Seconds}s"
        : left.Minutes > 0 ? $"{left.Minutes}m {left.Seconds}s"
        : $"{left.Seconds}s";

    /// <summary>Time left on an epoch: "2d 03h 04m 05s" from a day up, "03:04:05" below.</summary>
    public static string Clock(TimeSpan left) => left.TotalDays >= 1
        ? string.Create(Invariant, $"{(int)left.TotalDays}d {left.Hours:00}h {left.Minutes:00}m {left.Seconds:00}s")
        : string.Create(Invariant, $"{(int)left.TotalHours:00}:{left.Minutes:00}:{left.Seconds:00}");

    /// <summary>A moment in UTC to the minute: "2026-11-30 14:05 UTC".</summary>
    /// <summary>
    /// The tier window as a span of time: "30 days", "1 day", or hours and minutes for a demo's short window
    /// (<c>Tiers:Window</c>): "6 minutes", "3 hours".
    /// </summary>
    public static string Window(TimeSpan window) => window.TotalDays >= 1
        ? Plural((int)window.TotalDays, "day")
        : window.TotalHours >= 1 && window.Minutes == 0 ? Plural((int)window.TotalHours, "hour")
        : Plural((int)Math.Max(1, window.TotalMinutes), "minute");

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";

    /// <summary>1 → "1st", 2 → "2nd", 11 → "11th".</summary>
    public static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => n + "th",
        _ => (n % 10) switch { 1 => n + "st", 2 => n + "nd", 3 => n + "rd", _ => n + "th" },
    };

    // Sign before the dollar sign, as statements write it: -$275.77.
    private static string Dollars(decimal dollars, string format) =>
        (dollars < 0 ? "-$" : "$") + Math.Abs(dollars).ToString(format, Invariant);

    // Four decimals (the tick); below one tick, as many as two significant digits need.
    private static string Significant(decimal dollars)
    {
        var abs = Math.Abs(dollars);
        var decimals = 4;
        if (abs != 0 && abs < 0.0001m)
            while (decimals < 12 && abs * Pow10(decimals) < 10)
                decimals++;
        var rounded = decimal.Round(dollars, decimals, MidpointRounding.AwayFromZero);
        return rounded.ToString("0." + new string('0', decimals), Invariant);
    }

    private static decimal Pow10(int n)
    {
        var x = 1m;
        for (var i = 0; i < n; i++)
            x *= 10;
        return x;
    }
}
