using System.Numerics;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// An exact fraction over big integers, kept in lowest terms with a positive denominator. Epoch shares are
/// sums of ratios; doing them exactly is what lets the allocations add up to the pool with no rounding drift.
/// </summary>
internal readonly record struct Rational : IComparable<Rational>
{
    private Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
            throw new DivideByZeroException("A rational needs a non-zero denominator.");
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        Numerator = gcd.IsOne || gcd.IsZero ? numerator : numerator / gcd;
        Denominator = gcd.IsOne || gcd.IsZero ? denominator : denominator / gcd;
    }

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public static Rational Zero => new(BigInteger.Zero, BigInteger.One);

    public static Rational One => new(BigInteger.One, BigInteger.One);

    public bool IsZero => Numerator.IsZero;

    public static Rational Of(BigInteger numerator, BigInteger denominator) => new(numerator, denominator);

    public static Rational Whole(BigInteger whole) => new(whole, BigInteger.One);

    /// <summary>The exact value of a decimal: its 96-bit mantissa over 10^scale.</summary>
    public static Rational Exact(decimal value)
    {
        var bits = decimal.GetBits(value);
        var mantissa = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        return new Rational(bits[3] < 0 ? -mantissa : mantissa, BigInteger.Pow(10, scale));
    }

    public static Rational operator +(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator -(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator *(Rational a, Rational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <summary>The largest integer not above this value.</summary>
    public BigInteger Floor()
    {
        var quotient = BigInteger.DivRem(Numerator, Denominator, out var remainder);
        return remainder.Sign < 0 ? quotient - 1 : quotient;
    }

    /// <summary>An approximation for display, to 18 decimal places (truncated).</summary>
    public decimal ToDecimal()
    {
        var scaled = Numerator * BigInteger.Pow(10, 18) / Denominator;
        return (decimal)scaled / 1_000_000_000_000_000_000m;
    }

    public int CompareTo(Rational other) =>
        (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);
}
