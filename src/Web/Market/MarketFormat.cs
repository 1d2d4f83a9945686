using System.Globalization;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Market;

/// <summary>How the market screens write numbers: prices to the 0.0001 tick, XP whole, dollars to the cent.</summary>
public static class MarketFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Price(Price? price) => price is { } p ? Price(p.Dollars) : "—";

    public static string Price(decimal? dollars) => dollars is { } d ? d.ToString("0.0000", Invariant) : "—";

    public static string Xp(long units) => units.ToString("#,##0", Invariant);

    public static string Usd(decimal dollars) => dollars.ToString("$#,##0.00", Invariant);

    /// <summary>Small amounts keep their micro-dollars (fees), whole amounts show cents.</summary>
    public static string UsdExact(Cash cash) => cash.ToString();

    public static string Percent(decimal? percent) =>
        percent is { } p ? (p > 0 ? "+" : "") + p.ToString("0.00", Invariant) + "%" : "—";

    public static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => n + "th",
        _ => (n % 10) switch { 1 => n + "st", 2 => n + "nd", 3 => n + "rd", _ => n + "th" },
    };
}
