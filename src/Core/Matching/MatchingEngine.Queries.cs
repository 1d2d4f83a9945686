using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

// Read-only views for market data, the operator's order list and persistence. None of them changes the book.
public sealed partial class MatchingEngine
{
    /// <summary>The highest bid price, or null when there are no bids.</summary>
    public Price? BestBid => _bids.Best is >= 0 and var slot ? new Price(_bids.Level(slot).Price) : null;

    /// <summary>The lowest ask price, or null when there are no asks.</summary>
    public Price? BestAsk => _asks.Best is >= 0 and var slot ? new Price(_asks.Level(slot).Price) : null;

    /// <summary>Number of resting orders.</summary>
    public int OrderCount => _orderIndex.Count;

    /// <summary>
    /// Writes up to <c>levels.Length</c> price levels of <paramref name="side"/>, best first, aggregated by price, and
    /// returns how many were written. Allocation-free, for frequent market-data snapshots.
    /// </summary>
    public int Depth(Side side, Span<DepthLevel> levels)
    {
        var book = side == Side.Buy ? _bids : _asks;
        var count = Math.Min(levels.Length, book.LevelCount);
        for (var rank = 0; rank < count; rank++)
        {
            ref var level = ref book.Level(book.AtRank(rank));
            levels[rank] = new DepthLevel(new Price(level.Price), new Xp(level.Quantity), level.Count);
        }
        return count;
    }

    /// <summary>The resting order with this id, if any.</summary>
    public bool TryGetOrder(long orderId, out OrderView order)
    {
        if (!_orderIndex.TryGet(orderId, out var node))
        {
            order = default;
            return false;
        }
        order = View(node);
        return true;
    }

    /// <summary>Orders and quantity ahead of a resting order at its price level; null when it is not resting.</summary>
    public QueuePosition? QueuePositionOf(long orderId)
    {
        if (!_orderIndex.TryGet(orderId, out var target))
            return null;
        var nodes = _pool.Nodes;
        var side = nodes[target].Side == Side.Buy ? _bids : _asks;
        int ahead = 0;
        long quantity = 0;
        for (var node = side.Level(nodes[target].Level).Head; node != target; node = nodes[node].Next)
        {
            ahead++;
            quantity += nodes[node].Remaining;
        }
        return new QueuePosition(ahead, new Xp(quantity));
    }

    /// <summary>
    /// The client order id the order was placed with, null when none: kept for every order placed with one (as long
    /// as the id itself is kept for retries), so fills, amends and cancels of a resting order report it too.
    /// </summary>
    public string? ClientOrderIdOf(long orderId) => _clientOrderIdOf.GetValueOrDefault(orderId);

    /// <summary>How many orders the operator has resting on the book.</summary>
    public int OpenOrderCount(long operatorId) =>
        _byOperator.TryGetValue(operatorId, out var orders) ? orders.Count : 0;

    /// <summary>Appends the operator's resting orders to <paramref name="into"/>, in the order they came to rest.</summary>
    public void OpenOrders(long operatorId, List<OrderView> into)
    {
        if (!_byOperator.TryGetValue(operatorId, out var orders))
            return;
        for (var node = orders.Head; node >= 0; node = _pool.Nodes[node].OperatorNext)
            into.Add(View(node));
    }

    /// <summary>
    /// Appends every resting order to <paramref name="into"/>: bids then asks, best price first, and time priority
    /// within a price. Restoring them in this order with <see cref="RestoreOrder"/> rebuilds the same queues.
    /// </summary>
    public void CopyOrders(List<OrderView> into)
    {
        CopySide(_bids, into);
        CopySide(_asks, into);
    }

    private void CopySide(BookSide side, List<OrderView> into)
    {
        for (var rank = 0; rank < side.LevelCount; rank++)
        {
            for (var node = side.Level(side.AtRank(rank)).Head; node >= 0; node = _pool.Nodes[node].Next)
                into.Add(View(node));
        }
    }

    private OrderView View(int node)
    {
        ref var n = ref _pool.Nodes[node];
        return new OrderView(n.OrderId, n.OperatorId, n.Side, new Price(n.Price), new Xp(n.Remaining), n.Sequence, n.Timestamp, n.Held, n.PostOnly);
    }
}
