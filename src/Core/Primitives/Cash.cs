namespace XpFlywheel.Core.Primitives;

/// <summary>
/// USD held as whole micro-dollars (millionths). Integer arithmetic keeps every sum exact; fees
/// round up to one micro-dollar and payouts round down, so rounding never creates money.
/// </summary>
public readonly record struct Cash(long Micros) : IComparable<Cash>
{
    public const long MicrosPerDollar = 1_000_000;

    public static Cash Zero => default;

    public static Cash FromDollars(decimal dollars)
    {
        var micros = dollars * MicrosPerDollar;
        if (micros != decimal.Truncate(micros))
            throw new ArgumentException($"{dollars} has more precision than one micro-dollar.", nameof(dollars));
        return new Cash((long)micros);
    }

    public decimal Dollars => (decimal)Micros / MicrosPerDollar;

    public static Cash operator +(Cash a, Cash b) => new(checked(a.Micros + b.Micros));
    public static Cash operator -(Cash a, Cash b) => new(checked(a.Micros - b.Micros));
    public static Cash operator -(Cash a) => new(checked(-a.Micros));
    public static bool operator <(Cash a, Cash b) => a.Micros < b.Micros;
    public static bool operator >(Cash a, Cash b) => a.Micros > b.Micros;
    public static bool operator <=(Cash a, Cash b) => a.Micros <= b.Micros;
    public static bool operator >=(Cash a, Cash b) => a.Micros >= b.Micros;

    public int CompareTo(Cash other) => Micros.CompareTo(other.Micros);

    public override string ToString() => Dollars.ToString("$#,##0.00####", System.Globalization.CultureInfo.InvariantCulture);
}
