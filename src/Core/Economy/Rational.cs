using System.Numerics;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// An exact fraction over big integers, kept in lowest terms with a positive denominator. Epoch shares are
/// sums of ratios; doing them exactly is what lets the allocations add up to the pool with no rounding drift.
/// </summary>
internal readonly record struct Rational : IComparable<Rational>
{
    // Already in lowest terms with a positive denominator: the callers above guarantee it.
    private Rational(BigInteger numerator, BigInteger denominator, bool reduced)
    {
        _ = reduced;
        Numerator = numerator;
        Denominator = denominator;
    }

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

    // 10^0 … 10^28: a decimal's scale is at most 28.
    private static readonly BigInteger[] PowersOfTen = [.. Enumerable.Range(0, 29).Select(i => BigInteger.Pow(10, i))];

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public static Rational Zero => new(BigInteger.Zero, BigInteger.One);

    public static Rational One => new(BigInteger.One, BigInteger.One);

    public bool IsZero => Numerator.IsZero;

    public static Rational Of(BigInteger numerator, BigInteger denominator) => new(numerator, denominator);

    public static Rational Whole(BigInteger whole) => new(whole, BigInteger.One, reduced: true);

    /// <summary>The exact value of a decimal: its 96-bit mantissa over 10^scale.</summary>
    public static Rational Exact(decimal value)
    {
        var bits = decimal.GetBits(value);
        var mantissa = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        return new Rational(bits[3] < 0 ? -mantissa : mantissa, PowersOfTen[scale]);
    }

    // Sums and products reduce with the smaller GCDs of Henrici's algorithms (Knuth, TAOCP vol. 2, 4.5.1) instead of
    // one GCD of the full cross products: operands are in lowest terms, so only common factors of the denominators
    // (for sums) or of each numerator with the other denominator (for products) can cancel. An epoch of 100,000 agents
    // sums and scales that many fractions.
    public static Rational operator +(Rational a, Rational b) => Sum(a, b.Numerator, b.Denominator);

    public static Rational operator -(Rational a, Rational b) => Sum(a, -b.Numerator, b.Denominator);

    public static Rational operator *(Rational a, Rational b) => Product(a.Numerator, a.Denominator, b.Numerator, b.Denominator);

    public static Rational operator /(Rational a, Rational b) =>
        b.Numerator.Sign < 0
            ? Product(a.Numerator, a.Denominator, -b.Denominator, -b.Numerator)
            : Product(a.Numerator, a.Denominator, b.Denominator, b.Numerator);

    private static Rational Sum(Rational a, BigInteger bNumerator, BigInteger bDenominator)
    {
        if (a.Denominator.IsOne && bDenominator.IsOne)
            return new Rational(a.Numerator + bNumerator, BigInteger.One, reduced: true);
        var d1 = BigInteger.GreatestCommonDivisor(a.Denominator, bDenominator);
        if (d1.IsOne)
            return new Rational(a.Numerator * bDenominator + bNumerator * a.Denominator, a.Denominator * bDenominator, reduced: true);
        var t = a.Numerator * (bDenominator / d1) + bNumerator * (a.Denominator / d1);
        var d2 = BigInteger.GreatestCommonDivisor(t, d1);
        if (t.IsZero)
            return Zero;
        return new Rational(t / d2, a.Denominator / d1 * (bDenominator / d2), reduced: true);
    }

    private static Rational Product(BigInteger aNumerator, BigInteger aDenominator, BigInteger bNumerator, BigInteger bDenominator)
    {
        if (bDenominator.IsZero)
            throw new DivideByZeroException("A rational needs a non-zero denominator.");
        if (aNumerator.IsZero || bNumerator.IsZero)
            return Zero;
        var g1 = BigInteger.GreatestCommonDivisor(aNumerator, bDenominator);
        var g2 = BigInteger.GreatestCommonDivisor(bNumerator, aDenominator);
        return new Rational(aNumerator / g1 * (bNumerator / g2), aDenominator / g2 * (bDenominator / g1), reduced: true);
    }

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
        var scaled = Numerator * PowersOfTen[18] / Denominator;
        return (decimal)scaled / 1_000_000_000_000_000_000m;
    }

    public int CompareTo(Rational other) =>
        (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);
}
