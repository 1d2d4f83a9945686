using XpFlywheel.Core.Ledger;

namespace XpFlywheel.Core.Matching;

public sealed partial class MatchingEngine
{
    /// <summary>
    /// Amends a resting order. A quantity decrease at the same price keeps time priority and releases the freed hold.
    /// A price change or quantity increase re-queues the order at the back (same order id), re-checks the band, the
    /// post-only rule and the hold (topping up or releasing the difference), and may trade at once. A refused amend
    /// leaves the order exactly as it was.
    /// </summary>
    public CommandResult Amend(in AmendOrder command)
    {
        var result = _result;
        result.Reset();
        result.Accept(command.OrderId);
        if (_halted)
            return result.Reject(RejectReason.MarketHalted);
        if (!_orderIndex.TryGet(command.OrderId, out var node))
            return result.Reject(RejectReason.UnknownOrder);
        ref var n = ref _pool.Nodes[node];
        if (n.OperatorId != command.OperatorId)
            return result.Reject(RejectReason.NotOrderOwner);
        var quantity = command.NewQuantity?.Units ?? n.Remaining;
        var price = command.NewPrice?.Ticks ?? n.Price;
        if (quantity <= 0 || quantity > MaxQuantity)
            return result.Reject(RejectReason.InvalidQuantity);
        if (price <= 0 || price > MaxPriceTicks)
            return result.Reject(RejectReason.InvalidPrice);

        var side = n.Side == Side.Buy ? _bids : _asks;
        if (price == n.Price && quantity <= n.Remaining)
        {
            ShrinkInPlace(node, side, quantity);
            result.RestingQuantity = new Primitives.Xp(quantity);
            return result;
        }
        return Requeue(node, side, quantity, price, command.Timestamp, result);
    }

    private void ShrinkInPlace(int node, BookSide side, long quantity)
    {
        ref var n = ref _pool.Nodes[node];
        var freed = n.Remaining - quantity;
        if (freed == 0)
            return;
        var release = freed * n.UnitHold;
        var moved = n.Side == Side.Buy
            ? _ledger.Move(AccountId.CashHeld(n.OperatorId), AccountId.CashAvailable(n.OperatorId), release, PostingReason.OrderRelease, n.OrderId)
            : _ledger.Move(AccountId.XpHeld(n.OperatorId), AccountId.XpAvailable(n.OperatorId), release, PostingReason.OrderRelease, n.OrderId);
        if (!moved.Succeeded)
            throw new InvalidOperationException($"Order {n.OrderId} could not release its hold: the holds are out of step with the ledger.");
        n.Held -= release;
        n.Remaining = quantity;
        side.Level(n.Level).Quantity -= freed;
    }

    private CommandResult Requeue(int node, BookSide side, long quantity, long price, long timestamp, CommandResult result)
    {
        ref var n = ref _pool.Nodes[node];
        var isBuy = n.Side == Side.Buy;
        var centre = ReferenceTicks();
        if (centre > 0 && Math.Abs(price - centre) > BandWidth(centre))
            return result.Reject(RejectReason.PriceOutsideBand);
        var opposite = isBuy ? _asks : _bids;
        var best = opposite.Best;
        if (n.PostOnly && best >= 0 && Crosses(isBuy, price, opposite.Level(best).Price))
            return result.Reject(RejectReason.PostOnlyWouldCross);

        var unit = isBuy ? UnitHold(price) : 1;
        var hold = checked(quantity * unit);
        var delta = hold - n.Held;
        var op = n.OperatorId;
        var available = isBuy ? AccountId.CashAvailable(op) : AccountId.XpAvailable(op);
        var held = isBuy ? AccountId.CashHeld(op) : AccountId.XpHeld(op);
        var moved = delta >= 0
            ? _ledger.Move(available, held, delta, PostingReason.OrderHold, n.OrderId)
            : _ledger.Move(held, available, -delta, PostingReason.OrderRelease, n.OrderId);
        if (!moved.Succeeded)
            return result.Reject(isBuy ? RejectReason.InsufficientCash : RejectReason.InsufficientXp);

        // Out of the book and the operator's list; it comes back (at the back of its new level) if it still rests.
        side.Unlink(node);
        _orderIndex.Remove(n.OrderId);
        UnlinkFromOperator(node);
        n.Price = price;
        n.Remaining = quantity;
        n.UnitHold = unit;
        n.Held = hold;
        n.Sequence = _nextSequence++;
        n.Timestamp = timestamp;

        var stopped = Match(node, result);
        FinishIncoming(node, canRest: true, stopped, result);
        return result;
    }
}
