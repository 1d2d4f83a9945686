using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

public sealed partial class MatchingEngine
{
    /// <summary>
    /// Places an order. Checks, in order: client order id (a retry with the same terms returns the first outcome with
    /// <see cref="CommandResult.IsRepeat"/>; other terms are refused as <see cref="RejectReason.DuplicateClientOrderId"/>;
    /// a rejected placement does not take its id, as SPEC §8 has it for every client key: a retry is judged again),
    /// halt, quantity, price, type, band, liquidity for market orders, post-only, fill-or-kill, then the hold
    /// (a buy holds limit × quantity plus the largest fee; a market buy holds at the band edge; a sell holds the XP).
    /// Then it matches; a GTC limit remainder rests, any other remainder is cancelled and its hold released.
    /// </summary>
    public CommandResult Place(in PlaceOrder command)
    {
        var result = _result;
        result.Reset();
        var clientId = command.ClientOrderId;
        _placementClockMs = Math.Max(_placementClockMs, command.Timestamp);
        if (clientId is not null && _clientOrders.TryGetValue((command.OperatorId, clientId), out var first))
        {
            if (!Expired(first, _placementClockMs))
            {
                if (!first.Command.SameTerms(command))
                    return result.Reject(RejectReason.DuplicateClientOrderId);
                result.Repeat(first.Status, first.Reason, first.OrderId, new Xp(RestingQuantityOf(first.OrderId)));
                return result;
            }
            // An expired id used again: its old order (gone from the book) stops answering to it.
            if (first.OrderId > 0 && _clientOrderIdOf.TryGetValue(first.OrderId, out var oldId) && oldId == clientId)
                _clientOrderIdOf.Remove(first.OrderId);
        }

        PlaceNew(command, result);

        if (clientId is not null && result.Status == CommandStatus.Accepted)
            RememberClientOrderId(command, result.Status, result.RejectReason, result.OrderId);
        return result;
    }

    // Past its retention an id is new again, whether or not the periodic forgetting has reached it yet, so the answer
    // depends only on the commands' times (the same live and in a replay): the latest placement time seen, which the
    // forgetting never runs ahead of. An id whose order still rests stays taken.
    private bool Expired(in ClientOrderRecord first, long nowMs) =>
        first.Command.Timestamp <= nowMs - ClientOrderIdRetentionMs && !(first.OrderId > 0 && _orderIndex.TryGet(first.OrderId, out _));

    private void PlaceNew(in PlaceOrder command, CommandResult result)
    {
        var reason = Check(command, out var limit);
        if (reason != RejectReason.None)
        {
            result.Reject(reason);
            return;
        }

        var op = command.OperatorId;
        var isBuy = command.Side == Side.Buy;
        var unit = isBuy ? UnitHold(limit) : 1;
        var quantity = command.Quantity.Units;
        var hold = checked(quantity * unit);
        var orderId = _nextOrderId;
        var moved = isBuy
            ? _ledger.Move(AccountId.CashAvailable(op), AccountId.CashHeld(op), hold, PostingReason.OrderHold, orderId)
            : _ledger.Move(AccountId.XpAvailable(op), AccountId.XpHeld(op), hold, PostingReason.OrderHold, orderId);
        if (!moved.Succeeded)
        {
            result.Reject(isBuy ? RejectReason.InsufficientCash : RejectReason.InsufficientXp);
            return;
        }

        _nextOrderId++;
        var node = _pool.Allocate();
        ref var n = ref _pool.Nodes[node];
        n.OrderId = orderId;
        n.OperatorId = op;
        n.Side = command.Side;
        n.Price = limit;
        n.Remaining = quantity;
        n.UnitHold = unit;
        n.Held = hold;
        n.Sequence = _nextSequence++;
        n.Timestamp = command.Timestamp;
        n.PostOnly = command.PostOnly;
        result.Accept(orderId);

        var stopped = Match(node, result);
        FinishIncoming(node, canRest: command.Type == OrderType.Limit && command.TimeInForce == TimeInForce.Gtc, stopped, result);
    }

    private RejectReason Check(in PlaceOrder command, out long limit)
    {
        limit = 0;
        if (_halted)
            return RejectReason.MarketHalted;
        if (command.OperatorId <= 0)
            return RejectReason.InvalidOperator;
        if (command.Quantity.Units <= 0 || command.Quantity.Units > MaxQuantity)
            return RejectReason.InvalidQuantity;
        if (command.Side > Side.Sell || command.Type > OrderType.Market || command.TimeInForce > TimeInForce.Fok)
            return RejectReason.InvalidOrderType;
        // Only an order that may rest counts against the cap: IOC, FOK and market orders never add to the book.
        if (command.Type == OrderType.Limit && command.TimeInForce == TimeInForce.Gtc && OpenOrderCount(command.OperatorId) >= _parameters.MaxOpenOrders)
            return RejectReason.TooManyOpenOrders;
        var isBuy = command.Side == Side.Buy;
        var opposite = isBuy ? _asks : _bids;
        var best = opposite.Best;
        var bestPrice = best >= 0 ? opposite.Level(best).Price : 0;

        if (command.Type == OrderType.Limit)
        {
            limit = command.LimitPrice.Ticks;
            if (limit <= 0 || limit > MaxPriceTicks)
                return RejectReason.InvalidPrice;
            if (command.PostOnly && command.TimeInForce != TimeInForce.Gtc)
                return RejectReason.InvalidOrderType;
            var centre = ReferenceTicks();
            if (centre > 0 && Math.Abs(limit - centre) > BandWidth(centre))
                return RejectReason.PriceOutsideBand;
            if (command.PostOnly && best >= 0 && Crosses(isBuy, limit, bestPrice))
                return RejectReason.PostOnlyWouldCross;
        }
        else
        {
            if (command.PostOnly)
                return RejectReason.InvalidOrderType;
            if (best < 0)
                return RejectReason.NoLiquidity;
            // Without a reference price the band is anchored on the best opposite price, so a market order is
            // never unbounded.
            var centre = ReferenceTicks() is > 0 and var reference ? reference : bestPrice;
            limit = _parameters.MarketOrderLimit(command.Side, new Price(centre)).Ticks;
            if (!Crosses(isBuy, limit, bestPrice))
                return RejectReason.NoLiquidity;
        }

        if (command.TimeInForce == TimeInForce.Fok && !CanFillCompletely(command.OperatorId, isBuy, limit, command.Quantity.Units))
            return RejectReason.FokNotFillable;
        return RejectReason.None;
    }

    private static bool Crosses(bool isBuy, long limit, long restingPrice) => isBuy ? restingPrice <= limit : restingPrice >= limit;

    // Counts what the order could really trade, seeing resting orders as self-trade prevention would treat them.
    private bool CanFillCompletely(long operatorId, bool isBuy, long limit, long quantity)
    {
        var side = isBuy ? _asks : _bids;
        var nodes = _pool.Nodes;
        var skipOwn = _parameters.SelfTradePrevention == SelfTradePrevention.CancelResting;
        for (var rank = 0; rank < side.LevelCount; rank++)
        {
            ref var level = ref side.Level(side.AtRank(rank));
            if (!Crosses(isBuy, limit, level.Price))
                return false;
            for (var node = level.Head; node >= 0; node = nodes[node].Next)
            {
                if (nodes[node].OperatorId == operatorId)
                {
                    if (skipOwn)
                        continue;
                    return false;
                }
                quantity -= nodes[node].Remaining;
                if (quantity <= 0)
                    return true;
            }
        }
        return false;
    }

    private long RestingQuantityOf(long orderId) =>
        _orderIndex.TryGet(orderId, out var node) ? _pool.Nodes[node].Remaining : 0;
}
