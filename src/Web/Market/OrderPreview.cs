using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>
/// What an order would cost before it is sent: notional, the taker fee (the most it can pay; a resting maker pays
/// the maker rate) and the total — cash out for a buy, cash in for a sell. Market orders are priced by walking the
/// shown book; <see cref="Unfilled"/> is what the book cannot fill. Fees come from the published market parameters.
/// </summary>
public sealed record OrderPreview(Cash Notional, Cash Fee, Cash Total, decimal? AveragePrice, long Unfilled)
{
    /// <summary>
    /// <paramref name="levels"/> without <paramref name="own"/> (XP of the operator's own resting orders by price, in
    /// ticks): what an order of theirs can trade with, since it never trades against their own (SPEC §8). Levels left
    /// empty are dropped; the order of the levels is kept.
    /// </summary>
    public static IReadOnlyList<DepthLevel> WithoutOwn(IReadOnlyList<DepthLevel> levels, IReadOnlyDictionary<long, long> own)
    {
        var others = new List<DepthLevel>(levels.Count);
        foreach (var level in levels)
        {
            var left = level.Quantity.Units - own.GetValueOrDefault(level.Price.Ticks);
            if (left > 0)
                others.Add(level with { Quantity = new Xp(left) });
        }
        return others;
    }

    /// <param name="takerFeeBps">The taker fee in force, in basis points of notional (SPEC §8, default 10 = 0.10%).</param>
    public static OrderPreview? For(Side side, OrderType type, decimal? price, long? quantity, IReadOnlyList<DepthLevel> opposite, int takerFeeBps)
    {
        if (quantity is not > 0)
            return null;
        long notional = 0, unfilled = 0;
        if (type == OrderType.Limit)
        {
            if (price is not { } limit || Price.Check(limit, MatchingEngine.MaxPriceTicks, out var ticks) != PriceCheck.Valid
                || quantity.Value > MatchingEngine.MaxQuantity)
                return null;
            notional = ticks.Notional(new Xp(quantity.Value)).Micros;
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
    /// The XP the <paramref name="opposite"/> levels offer a taker on <paramref name="side"/> at <paramref name="limit"/>
    /// or better; null when the levels in view may not show all of it (every level shown is within the limit and the
    /// view is full, <see cref="BookSnapshot.Depth"/> levels), so no shortfall can be told.
    /// </summary>
    public static long? FillableAt(Side side, Price limit, IReadOnlyList<DepthLevel> opposite)
    {
        long total = 0;
        foreach (var level in opposite)
        {
            if (side == Side.Buy ? level.Price.Ticks > limit.Ticks : level.Price.Ticks < limit.Ticks)
                return total;
            total = checked(total + level.Quantity.Units);
        }
        return opposite.Count < BookSnapshot.Depth ? total : null;
    }

    /// <summary>
    /// The quantity that uses <paramref name="percent"/> of what is available: XP for a sell; for a buy, the cash the
    /// engine would hold, quantity × <see cref="MarketParameters.BuyHoldPerXp"/> at <paramref name="holdPrice"/>
    /// (SPEC §8: price × quantity plus the largest possible fee). So even 100% is a buy the account can pay; 0 when
    /// there is no price to hold at. A market buy is held at the band's edge but pays the asks it takes, so it is
    /// sized by walking <paramref name="asks"/> (up to the hold price) until the share of cash is spent, fee included,
    /// and never beyond what the hold allows: 25% spends about a quarter of the cash, not a fifth, and no size is
    /// offered that the asks in view cannot fill.
    /// </summary>
    /// <param name="holdPrice">Where the engine holds the buy: see <see cref="HoldPrice"/>.</param>
    /// <param name="cashAvailableMicros">Available cash in micro-dollars.</param>
    /// <param name="xpAvailable">Available XP in whole units.</param>
    /// <param name="market">The market parameters in force (fees in bps).</param>
    /// <param name="asks">For a market buy, the asks in view, best first; null for a limit buy.</param>
    public static long QuantityFor(Side side, int percent, Price? holdPrice, long cashAvailableMicros, long xpAvailable, MarketParameters market,
        IReadOnlyList<DepthLevel>? asks = null)
    {
        if (side == Side.Sell)
            return xpAvailable * percent / 100;
        if (holdPrice is not { Ticks: > 0 } limit || cashAvailableMicros <= 0)
            return 0;
        // floor(cash × percent / 100), split so a large balance cannot overflow.
        var budget = cashAvailableMicros / 100 * percent + cashAvailableMicros % 100 * percent / 100;
        var held = Math.Min(MatchingEngine.MaxQuantity, cashAvailableMicros / market.BuyHoldPerXp(limit));
        if (asks is null)
            return Math.Min(MatchingEngine.MaxQuantity, budget / market.BuyHoldPerXp(limit));
        long quantity = 0;
        foreach (var level in asks)
        {
            if (level.Price.Ticks > limit.Ticks || budget <= 0)
                break;
            // What an XP at this level costs with the taker fee, rounded up as the engine rounds a fee.
            var perXp = market.BuyHoldPerXp(level.Price);
            var take = Math.Min(level.Quantity.Units, budget / perXp);
            quantity += take;
            budget -= take * perXp;
            if (take < level.Quantity.Units)
                break;
        }
        return Math.Min(quantity, held);
    }

    /// <summary>
    /// The price the engine holds a buy at: a limit order's price (null unless on the 0.0001 tick); a market order's band
    /// edge above the reference price, else above the best ask (null with no asks), as <see cref="MarketParameters.MarketOrderLimit"/>.
    /// </summary>
    public static Price? HoldPrice(OrderType type, decimal? limit, BookSnapshot book, MarketParameters market)
    {
        if (type == OrderType.Limit)
        {
            return limit is { } dollars && Price.Check(dollars, MatchingEngine.MaxPriceTicks, out var price) == PriceCheck.Valid ? price : null;
        }
        return book.BestAsk is null ? null : market.MarketOrderLimit(Side.Buy, book.ReferencePrice ?? book.BestAsk.Value);
    }
}
