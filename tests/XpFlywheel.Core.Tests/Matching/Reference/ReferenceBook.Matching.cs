using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching.Reference;

public sealed partial class ReferenceBook
{
    private ReferenceResult PlaceNew(PlaceOrder c)
    {
        var side = c.Side;
        var quantity = c.Quantity.Units;
        var opposite = Opposite(side);
        long? best = opposite.Count > 0 ? opposite.Keys.First() : null;
        long limit;
        if (_halted) return Rejected(RejectReason.MarketHalted);
        if (c.OperatorId <= 0) return Rejected(RejectReason.InvalidOperator);
        if (quantity <= 0 || quantity > MatchingEngine.MaxQuantity) return Rejected(RejectReason.InvalidQuantity);
        if (c.Type == OrderType.Limit && c.TimeInForce == TimeInForce.Gtc
            && _byOperator.GetValueOrDefault(c.OperatorId, []).Count >= _parameters.MaxOpenOrders) return Rejected(RejectReason.TooManyOpenOrders);
        if (c.Type == OrderType.Limit)
        {
            limit = c.LimitPrice.Ticks;
            if (limit <= 0 || limit > MatchingEngine.MaxPriceTicks) return Rejected(RejectReason.InvalidPrice);
            if (c.PostOnly && c.TimeInForce != TimeInForce.Gtc) return Rejected(RejectReason.InvalidOrderType);
            if (OutsideBand(limit)) return Rejected(RejectReason.PriceOutsideBand);
            if (c.PostOnly && best is { } b && Crosses(side, limit, b)) return Rejected(RejectReason.PostOnlyWouldCross);
        }
        else
        {
            if (c.PostOnly) return Rejected(RejectReason.InvalidOrderType);
            if (best is not { } b) return Rejected(RejectReason.NoLiquidity);
            var centre = Reference() > 0 ? Reference() : b;
            limit = side == Side.Buy ? centre + Width(centre) : Math.Max(1, centre - Width(centre));
            if (!Crosses(side, limit, b)) return Rejected(RejectReason.NoLiquidity);
        }
        if (c.TimeInForce == TimeInForce.Fok && Fillable(c.OperatorId, side, limit) < quantity)
            return Rejected(RejectReason.FokNotFillable);

        var unit = side == Side.Buy ? UnitHold(limit) : 1;
        var (available, held) = side == Side.Buy ? ("cash", "cashHeld") : ("xp", "xpHeld");
        if (Balance(c.OperatorId, available) < quantity * unit)
            return Rejected(side == Side.Buy ? RejectReason.InsufficientCash : RejectReason.InsufficientXp);
        Add(c.OperatorId, available, -quantity * unit);
        Add(c.OperatorId, held, quantity * unit);

        var order = new ReferenceOrder { Id = _nextOrderId++, Operator = c.OperatorId, Side = side, PostOnly = c.PostOnly, Price = limit, Remaining = quantity, UnitHold = unit };
        return Run(order, canRest: c.Type == OrderType.Limit && c.TimeInForce == TimeInForce.Gtc);
    }

    public ReferenceResult Amend(AmendOrder c)
    {
        if (_halted) return Rejected(RejectReason.MarketHalted, c.OrderId);
        var order = Orders.FirstOrDefault(o => o.Id == c.OrderId);
        if (order is null) return Rejected(RejectReason.UnknownOrder, c.OrderId);
        if (order.Operator != c.OperatorId) return Rejected(RejectReason.NotOrderOwner, c.OrderId);
        var quantity = c.NewQuantity?.Units ?? order.Remaining;
        var price = c.NewPrice?.Ticks ?? order.Price;
        if (quantity <= 0 || quantity > MatchingEngine.MaxQuantity) return Rejected(RejectReason.InvalidQuantity, c.OrderId);
        if (price <= 0 || price > MatchingEngine.MaxPriceTicks) return Rejected(RejectReason.InvalidPrice, c.OrderId);
        var (available, held) = order.Side == Side.Buy ? ("cash", "cashHeld") : ("xp", "xpHeld");
        if (price == order.Price && quantity <= order.Remaining)
        {
            Add(order.Operator, held, -(order.Remaining - quantity) * order.UnitHold);
            Add(order.Operator, available, (order.Remaining - quantity) * order.UnitHold);
            order.Remaining = quantity;
            return Ok(c.OrderId) with { Resting = quantity };
        }
        if (OutsideBand(price)) return Rejected(RejectReason.PriceOutsideBand, c.OrderId);
        var opposite = Opposite(order.Side);
        if (order.PostOnly && opposite.Count > 0 && Crosses(order.Side, price, opposite.Keys.First()))
            return Rejected(RejectReason.PostOnlyWouldCross, c.OrderId);
        var unit = order.Side == Side.Buy ? UnitHold(price) : 1;
        var extra = quantity * unit - order.Remaining * order.UnitHold;
        if (Balance(order.Operator, available) < extra)
            return Rejected(order.Side == Side.Buy ? RejectReason.InsufficientCash : RejectReason.InsufficientXp, c.OrderId);
        Add(order.Operator, available, -extra);
        Add(order.Operator, held, extra);
        TakeOut(order);
        order.Price = price;
        order.Remaining = quantity;
        order.UnitHold = unit;
        return Run(order, canRest: true);
    }

    private long Fillable(long op, Side side, long limit)
    {
        var candidates = Opposite(side).Where(level => Crosses(side, limit, level.Key)).SelectMany(level => level.Value);
        return _parameters.SelfTradePrevention == SelfTradePrevention.CancelResting
            ? candidates.Where(o => o.Operator != op).Sum(o => o.Remaining)
            : candidates.TakeWhile(o => o.Operator != op).Sum(o => o.Remaining);
    }

    private ReferenceResult Run(ReferenceOrder taker, bool canRest)
    {
        var fills = new List<Fill>();
        var cancelled = new List<CancelledOrder>();
        var opposite = Opposite(taker.Side);
        var stopped = false;
        while (taker.Remaining > 0 && opposite.Count > 0 && Crosses(taker.Side, taker.Price, opposite.Keys.First()))
        {
            var maker = opposite.Values.First()[0];
            if (maker.Operator == taker.Operator)
            {
                var mode = _parameters.SelfTradePrevention;
                if (mode != SelfTradePrevention.CancelIncoming)
                    Remove(maker, CancelReason.SelfTradePrevention, cancelled);
                if (mode == SelfTradePrevention.CancelResting)
                    continue;
                stopped = true;
                break;
            }
            fills.Add(Trade(maker, taker));
        }
        long resting = 0;
        if (taker.Remaining > 0 && canRest && !stopped)
        {
            if (!Own(taker.Side).TryGetValue(taker.Price, out var level))
                Own(taker.Side)[taker.Price] = level = [];
            level.Add(taker);
            if (!_byOperator.TryGetValue(taker.Operator, out var mine))
                _byOperator[taker.Operator] = mine = [];
            mine.Add(taker.Id);
            resting = taker.Remaining;
        }
        else if (taker.Remaining > 0)
        {
            ReleaseHold(taker);
            cancelled.Add(new CancelledOrder(taker.Id, taker.Operator, taker.Side, new Price(taker.Price), new Xp(taker.Remaining),
                stopped ? CancelReason.SelfTradePrevention : CancelReason.Expired));
        }
        return new ReferenceResult(CommandStatus.Accepted, RejectReason.None, taker.Id, false, fills.Sum(f => f.Quantity.Units), resting, fills, cancelled);
    }

    private Fill Trade(ReferenceOrder maker, ReferenceOrder taker)
    {
        var quantity = Math.Min(maker.Remaining, taker.Remaining);
        var price = maker.Price;
        var notional = price * Price.MicrosPerTick * quantity;
        var (buyer, seller) = taker.Side == Side.Buy ? (taker, maker) : (maker, taker);
        var buyerBps = buyer == taker ? _parameters.TakerFeeBps : _parameters.MakerFeeBps;
        var sellerBps = seller == taker ? _parameters.TakerFeeBps : _parameters.MakerFeeBps;
        var buyerFee = Math.Min(CeilFee(notional, buyerBps), quantity * buyer.UnitHold - notional);
        var sellerFee = Math.Min(CeilFee(notional, sellerBps), notional);
        Add(buyer.Operator, "cashHeld", -quantity * buyer.UnitHold);
        Add(buyer.Operator, "cash", quantity * buyer.UnitHold - notional - buyerFee);
        Add(buyer.Operator, "xp", quantity);
        Add(seller.Operator, "xpHeld", -quantity);
        Add(seller.Operator, "cash", notional - sellerFee);
        Treasury += buyerFee + sellerFee;
        maker.Remaining -= quantity;
        taker.Remaining -= quantity;
        if (maker.Remaining == 0)
            TakeOut(maker);
        _lastPrice = price;
        return new Fill(_nextTradeId++, maker.Id, taker.Id, maker.Operator, taker.Operator, new Price(price), new Xp(quantity),
            taker.Side, new Cash(buyer == taker ? buyerFee : sellerFee), new Cash(buyer == taker ? sellerFee : buyerFee));
    }

    private void Remove(ReferenceOrder order, CancelReason reason, List<CancelledOrder> cancelled)
    {
        cancelled.Add(new CancelledOrder(order.Id, order.Operator, order.Side, new Price(order.Price), new Xp(order.Remaining), reason));
        ReleaseHold(order);
        TakeOut(order);
    }

    private void ReleaseHold(ReferenceOrder order)
    {
        var (available, held) = order.Side == Side.Buy ? ("cash", "cashHeld") : ("xp", "xpHeld");
        Add(order.Operator, held, -order.Remaining * order.UnitHold);
        Add(order.Operator, available, order.Remaining * order.UnitHold);
    }

    private void TakeOut(ReferenceOrder order)
    {
        var book = Own(order.Side);
        book[order.Price].Remove(order);
        if (book[order.Price].Count == 0)
            book.Remove(order.Price);
        _byOperator[order.Operator].Remove(order.Id);
    }
}
