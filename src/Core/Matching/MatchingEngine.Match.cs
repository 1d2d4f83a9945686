using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

public sealed partial class MatchingEngine
{
    // Trades the incoming node against the opposite side, best price first and oldest first within a price.
    // Returns true when self-trade prevention stopped the incoming order (its remainder must not rest).
    private bool Match(int taker, CommandResult result)
    {
        var nodes = _pool.Nodes;
        var isBuy = nodes[taker].Side == Side.Buy;
        var limit = nodes[taker].Price;
        var takerOperator = nodes[taker].OperatorId;
        var opposite = isBuy ? _asks : _bids;
        while (nodes[taker].Remaining > 0)
        {
            var best = opposite.Best;
            if (best < 0)
                break;
            ref var level = ref opposite.Level(best);
            if (!Crosses(isBuy, limit, level.Price))
                break;
            var maker = level.Head;
            if (nodes[maker].OperatorId == takerOperator)
            {
                var mode = _parameters.SelfTradePrevention;
                if (mode != SelfTradePrevention.CancelIncoming)
                    RemoveResting(maker, CancelReason.SelfTradePrevention, result);
                if (mode == SelfTradePrevention.CancelResting)
                    continue;
                return true;
            }
            Execute(maker, taker, opposite, result);
        }
        return false;
    }

    private void Execute(int maker, int taker, BookSide makerSide, CommandResult result)
    {
        var nodes = _pool.Nodes;
        ref var m = ref nodes[maker];
        ref var t = ref nodes[taker];
        var quantity = Math.Min(m.Remaining, t.Remaining);
        var price = m.Price;
        var notional = price * Price.MicrosPerTick * quantity;
        var takerBuys = t.Side == Side.Buy;
        var takerFee = MarketParameters.Fee(notional, _parameters.TakerFeeBps);
        var makerFee = MarketParameters.Fee(notional, _parameters.MakerFeeBps);
        ref var buyer = ref takerBuys ? ref t : ref m;
        ref var seller = ref takerBuys ? ref m : ref t;
        var buyerHoldUsed = quantity * buyer.UnitHold;
        // A buyer never pays more fee than it reserved; a seller's fee never exceeds its proceeds.
        var buyerFee = Math.Min(takerBuys ? takerFee : makerFee, buyerHoldUsed - notional);
        var sellerFee = Math.Min(takerBuys ? makerFee : takerFee, notional);
        takerFee = takerBuys ? buyerFee : sellerFee;
        makerFee = takerBuys ? sellerFee : buyerFee;

        var tradeId = _nextTradeId++;
        ReadOnlySpan<TransferLeg> legs =
        [
            new(AccountId.CashHeld(buyer.OperatorId), AccountId.CashAvailable(seller.OperatorId), notional, PostingReason.Trade),
            new(AccountId.XpHeld(seller.OperatorId), AccountId.XpAvailable(buyer.OperatorId), quantity, PostingReason.Trade),
            new(AccountId.CashHeld(buyer.OperatorId), AccountId.Treasury, buyerFee, PostingReason.Fee),
            new(AccountId.CashAvailable(seller.OperatorId), AccountId.Treasury, sellerFee, PostingReason.Fee),
            new(AccountId.CashHeld(buyer.OperatorId), AccountId.CashAvailable(buyer.OperatorId), buyerHoldUsed - notional - buyerFee, PostingReason.OrderRelease),
        ];
        if (!_ledger.Transfer(legs, tradeId).Succeeded)
            throw new InvalidOperationException($"Trade {tradeId} could not settle from its holds: the holds are out of step with the ledger.");

        buyer.Held -= buyerHoldUsed;
        seller.Held -= quantity;
        m.Remaining -= quantity;
        t.Remaining -= quantity;
        makerSide.Level(m.Level).Quantity -= quantity;
        _lastPrice = price;
        result.AddFill(new Fill(tradeId, m.OrderId, t.OrderId, m.OperatorId, t.OperatorId, new Price(price),
            new Xp(quantity), t.Side, new Cash(takerFee), new Cash(makerFee)));
        if (m.Remaining == 0)
            RemoveFilled(maker, makerSide);
    }

    // After matching: rest a GTC limit remainder, otherwise cancel the remainder and release its hold.
    private void FinishIncoming(int node, bool canRest, bool stopped, CommandResult result)
    {
        ref var n = ref _pool.Nodes[node];
        if (n.Remaining == 0)
        {
            _pool.Free(node);
            return;
        }
        if (canRest && !stopped)
        {
            (n.Side == Side.Buy ? _bids : _asks).Append(node);
            _orderIndex.Set(_pool.Nodes[node].OrderId, node);
            LinkToOperator(node);
            result.RestingQuantity = new Xp(_pool.Nodes[node].Remaining);
            return;
        }
        Release(ref n);
        result.AddCancelled(new CancelledOrder(n.OrderId, n.OperatorId, n.Side, new Price(n.Price), new Xp(n.Remaining),
            stopped ? CancelReason.SelfTradePrevention : CancelReason.Expired));
        _pool.Free(node);
    }

    /// <summary>Takes a resting order off the book, releases its hold and reports it cancelled.</summary>
    private void RemoveResting(int node, CancelReason reason, CommandResult result)
    {
        ref var n = ref _pool.Nodes[node];
        result.AddCancelled(new CancelledOrder(n.OrderId, n.OperatorId, n.Side, new Price(n.Price), new Xp(n.Remaining), reason));
        Release(ref n);
        (n.Side == Side.Buy ? _bids : _asks).Unlink(node);
        _orderIndex.Remove(n.OrderId);
        UnlinkFromOperator(node);
        _pool.Free(node);
    }

    private void RemoveFilled(int node, BookSide side)
    {
        side.Unlink(node);
        _orderIndex.Remove(_pool.Nodes[node].OrderId);
        UnlinkFromOperator(node);
        _pool.Free(node);
    }

    private void Release(ref OrderNode n)
    {
        var moved = n.Side == Side.Buy
            ? _ledger.Move(AccountId.CashHeld(n.OperatorId), AccountId.CashAvailable(n.OperatorId), n.Held, PostingReason.OrderRelease, n.OrderId)
            : _ledger.Move(AccountId.XpHeld(n.OperatorId), AccountId.XpAvailable(n.OperatorId), n.Held, PostingReason.OrderRelease, n.OrderId);
        if (!moved.Succeeded)
            throw new InvalidOperationException($"Order {n.OrderId} could not release its hold: the holds are out of step with the ledger.");
        n.Held = 0;
    }

    private void LinkToOperator(int node)
    {
        var nodes = _pool.Nodes;
        ref var orders = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(
            _byOperator, nodes[node].OperatorId, out var exists);
        if (!exists || orders.Head < 0)
        {
            orders.Head = node;
            orders.Tail = node;
            orders.Count = 1;
            nodes[node].OperatorPrev = -1;
            nodes[node].OperatorNext = -1;
            return;
        }
        nodes[orders.Tail].OperatorNext = node;
        nodes[node].OperatorPrev = orders.Tail;
        nodes[node].OperatorNext = -1;
        orders.Tail = node;
        orders.Count++;
    }

    private void UnlinkFromOperator(int node)
    {
        var nodes = _pool.Nodes;
        ref var n = ref nodes[node];
        ref var orders = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_byOperator, n.OperatorId);
        if (n.OperatorPrev >= 0)
            nodes[n.OperatorPrev].OperatorNext = n.OperatorNext;
        else
            orders.Head = n.OperatorNext;
        if (n.OperatorNext >= 0)
            nodes[n.OperatorNext].OperatorPrev = n.OperatorPrev;
        else
            orders.Tail = n.OperatorPrev;
        orders.Count--;
        n.OperatorPrev = -1;
        n.OperatorNext = -1;
    }
}
