namespace XpFlywheel.Core.Primitives;

/// <summary>
/// USD per XP in ticks of 0.0001 (the default tick size). Integer ticks make price levels exact
/// dictionary and array keys. One tick is 100 micro-dollars, so price × quantity is exact in <see cref="Cash"/>.
/// </summary>
public readonly record struct Price(long Ticks) : IComparable<Price>
{
    public const long TicksPerDollar = 10_000;
    public const long MicrosPerTick = Cash.MicrosPerDollar / TicksPerDollar;

    public static Price FromDollars(decimal dollars)
    {
        var ticks = dollars * TicksPerDollar;
        if (ticks != decimal.Truncate(ticks))
            throw new ArgumentException($"{dollars} is not a multiple of the 0.0001 tick.", nameof(dollars));
        return new Price((long)ticks);
    }

    public decimal Dollars => (decimal)Ticks / TicksPerDollar;

    /// <summary>The exact cash value of <paramref name="quantity"/> XP at this price.</summary>
    public Cash Notional(Xp quantity) => new(checked(Ticks * MicrosPerTick * quantity.Units));

    public static bool operator <(Price a, Price b) => a.Ticks < b.Ticks;
    public static bool operator >(Price a, Price b) => a.Ticks > b.Ticks;
    public static bool operator <=(Price a, Price b) => a.Ticks <= b.Ticks;
    public static bool operator >=(Price a, Price b) => a.Ticks >= b.Ticks;

    public int CompareTo(Price other) => Ticks.CompareTo(other.Ticks);

    public override string ToString() => Dollars.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
}
