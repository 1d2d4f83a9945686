using System.Numerics;
using CsCheck;
using XpFlywheel.Core.Economy;

namespace XpFlywheel.Core.Tests.Economy;

/// <summary>Epoch shares are exact fractions; the arithmetic must give the one lowest-terms value a textbook would.</summary>
public sealed class RationalTests
{
    private static readonly Gen<Rational> Fraction =
        Gen.Select(Gen.Long[-1_000_000_000_000, 1_000_000_000_000], Gen.Long[1, 1_000_000_000_000], Gen.Int[0, 3])
            // Powers of ten and shared factors make the denominators meet, as epoch totals do.
            .Select((n, d, k) => Rational.Of(n, k == 0 ? d : d * BigInteger.Pow(10, k * 3) / (k + 1)));

    private static (BigInteger, BigInteger) Lowest(BigInteger n, BigInteger d)
    {
        if (d.Sign < 0)
            (n, d) = (-n, -d);
        var g = BigInteger.GreatestCommonDivisor(n, d);
        return g.IsZero || g.IsOne ? (n, d) : (n / g, d / g);
    }

    [Fact]
    public void Rational_sums_differences_products_and_quotients_equal_the_cross_product_forms_in_lowest_terms()
    {
        Gen.Select(Fraction, Fraction).Sample((a, b) =>
        {
            Assert.Equal(Lowest(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator), ((a + b).Numerator, (a + b).Denominator));
            Assert.Equal(Lowest(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator), ((a - b).Numerator, (a - b).Denominator));
            Assert.Equal(Lowest(a.Numerator * b.Numerator, a.Denominator * b.Denominator), ((a * b).Numerator, (a * b).Denominator));
            if (!b.IsZero)
                Assert.Equal(Lowest(a.Numerator * b.Denominator, a.Denominator * b.Numerator), ((a / b).Numerator, (a / b).Denominator));
            Assert.Equal((a - a).Numerator, BigInteger.Zero);
            Assert.Equal((a - a).Denominator, BigInteger.One);
        }, iter: 20_000);
    }

    [Fact]
    public void Rational_truncations_that_differ_order_the_exact_values_the_same_way()
    {
        Gen.Select(Fraction, Fraction).Sample((a, b) =>
        {
            var (ta, tb) = (a.ToDecimal(), b.ToDecimal());
            if (a.Numerator.Sign >= 0 && b.Numerator.Sign >= 0 && ta != tb)
                Assert.Equal(ta.CompareTo(tb), a.CompareTo(b));
        }, iter: 20_000);
    }
}
