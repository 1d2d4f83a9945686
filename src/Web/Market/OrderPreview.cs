using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Market;

/// <summary>
/// What an order would cost before it is sent: notional, the taker fee (the most it can pay; a resting maker pays
/// the maker rate) and the total — cash out for a buy, cash in for a sell. Market orders are priced by walking the
/// shown book; <see cref="Unfilled"/> is what the book cannot fill.
/// </summary>
public sealed record OrderPreview(Cash Notional, Cash Fee, Cash Total, decimal? AveragePrice, long Unfilled)
{
    public static OrderPreview? For(Side side, OrderType type, decimal? price, long? quantity, IReadOnlyList<DepthLevel> opposite, int takerFeeBps)
    {
        if (quantity is not > 0)
            return null;
        long notional = 0, unfilled = 0;
        if (type == OrderType.Limit)
        {
            if (price is not > 0 || price * Price.TicksPerDollar != decimal.Truncate(price.Value * Price.TicksPerDollar))
                return null;
            notional = checked((long)(price.Value * Price.TicksPerDollar) * Price.MicrosPerTick * quantity.Value);
        }
        else
        {
            var left = quantity.Value;
            foreach (var level in opposite)
            {
                var take = Math.Min(left, level.Quantity.Units);
                notional += level.Price.Notional(new Xp(take)).Micros;
                left -= take;
                if (left == 0)
                    break;
            }
            unfilled = left;
        }
        var filled = quantity.Value - unfilled;
        var fee = MarketParameters.Fee(notional, takerFeeBps);
        var total = side == Side.Buy ? notional + fee : notional - fee;
        decimal? average = filled > 0 ? (decimal)notional / filled / Cash.MicrosPerDollar : null;
        return new OrderPreview(new Cash(notional), new Cash(fee), new Cash(total), average, unfilled);
    }

    /// <summary>
    /// The quantity that uses <paramref name="percent"/> of what is available: XP for a sell; for a buy, cash at
    /// <paramref name="price"/> with the fee on top.
    /// </summary>
    public static long QuantityFor(Side side, int percent, decimal? price, long cashAvailableMicros, long xpAvailable, int takerFeeBps)
    {
        if (side == Side.Sell)
            return xpAvailable * percent / 100;
        if (price is not > 0)
            return 0;
        var budget = (decimal)cashAvailableMicros * percent / 100;
        var perXp = price.Value * Cash.MicrosPerDollar * (10_000 + takerFeeBps) / 10_000;
        return (long)decimal.Floor(budget / perXp);
    }
}
