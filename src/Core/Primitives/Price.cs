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

    /// <summary>
    /// Converts a price stated in dollars per XP to ticks, refusing it instead of overflowing at any magnitude: the
    /// range is checked before the multiplication by <see cref="TicksPerDollar"/>, so the largest decimal is
    /// <see cref="PriceCheck.TooHigh"/>, never an <see cref="OverflowException"/>.
    /// </summary>
    /// <param name="dollars">The price in dollars per XP.</param>
    /// <param name="maxTicks">The highest price accepted, in ticks (e.g. the engine's $1,000 = 10,000,000 ticks).</param>
    /// <param name="price">The price in ticks when the answer is <see cref="PriceCheck.Valid"/>.</param>
    public static PriceCheck Check(decimal dollars, long maxTicks, out Price price)
    {
        price = default;
        if (dollars <= 0)
            return PriceCheck.NotPositive;
        if (dollars > (decimal)maxTicks / TicksPerDollar)
            return PriceCheck.TooHigh;
        var ticks = dollars * TicksPerDollar;
        if (ticks != decimal.Truncate(ticks))
            return PriceCheck.OffTick;
        price = new Price((long)ticks);
        return PriceCheck.Valid;
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
