using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>Rounding rules for fees and savings, written down once so every caller rounds the same way.</summary>
public static class FeeMath
{
    /// <summary>
    /// <paramref name="amount"/> × <paramref name="rate"/>, rounded up to the micro-dollar: the treasury never
    /// receives less than the stated rate, and no fraction of a micro-dollar is created.
    /// </summary>
    public static Cash FeeOn(Cash amount, decimal rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount.Micros);
        return new Cash((long)Math.Ceiling(amount.Micros * rate));
    }

    /// <summary>
    /// <paramref name="amount"/> × <paramref name="rate"/>, rounded down to the micro-dollar (toward zero for
    /// negative rates). Used for savings so the calculator never promises more than the discount delivers.
    /// </summary>
    public static Cash RoundedDown(Cash amount, decimal rate) => new((long)decimal.Truncate(amount.Micros * rate));
}
