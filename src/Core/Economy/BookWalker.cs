using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// Prices a purchase or sale of XP against the visible book, level by level, as a market order would fill.
/// The levels may come in any order: asks are walked from the lowest price, bids from the highest.
/// </summary>
public static class BookWalker
{
    /// <summary>
    /// The cost of buying <paramref name="quantity"/> XP from <paramref name="asks"/>. When the book is too thin the
    /// remainder is priced at <paramref name="fallbackPrice"/> or at the highest ask it took, whichever is higher (a
    /// buyer who has emptied the asks will not find XP cheaper than the last of them, so buying more never lowers the
    /// average), and the result says so with the price used.
    /// </summary>
    public static AskWalk BuyFromAsks(IEnumerable<QuoteLevel> asks, Xp quantity, Price fallbackPrice)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity.Units);
        var remaining = quantity;
        var cost = Cash.Zero;
        Price? worst = null;
        foreach (var level in asks.Where(l => l.Quantity > Xp.Zero).OrderBy(l => l.Price))
        {
            if (remaining == Xp.Zero)
                break;
            var take = Min(remaining, level.Quantity);
            cost += level.Price.Notional(take);
            remaining -= take;
            worst = level.Price;
        }

        var restPrice = worst is { } highest && highest > fallbackPrice ? highest : fallbackPrice;
        var total = cost + restPrice.Notional(remaining);
        return new AskWalk(quantity, quantity - remaining, cost, remaining, restPrice, total, Average(total, quantity), worst);
    }

    /// <summary>
    /// The cash from selling <paramref name="quantity"/> XP into <paramref name="bids"/>, with the average price
    /// and the slippage against the best bid. Whatever the bids cannot absorb is reported as unfilled.
    /// </summary>
    public static BidWalk SellIntoBids(IEnumerable<QuoteLevel> bids, Xp quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity.Units);
        var remaining = quantity;
        var received = Cash.Zero;
        Price? best = null;
        foreach (var level in bids.Where(l => l.Quantity > Xp.Zero).OrderByDescending(l => l.Price))
        {
            best ??= level.Price;
            if (remaining == Xp.Zero)
                break;
            var take = Min(remaining, level.Quantity);
            received += level.Price.Notional(take);
            remaining -= take;
        }

        var filled = quantity - remaining;
        var average = Average(received, filled);
        decimal? slippage = average is { } avg && best is { Ticks: > 0 } top ? (top.Dollars - avg) / top.Dollars : null;
        return new BidWalk(quantity, filled, received, average, best, slippage);
    }

    private static Xp Min(Xp a, Xp b) => a <= b ? a : b;

    private static decimal? Average(Cash cash, Xp quantity) =>
        quantity == Xp.Zero ? null : cash.Dollars / quantity.Units;
}
