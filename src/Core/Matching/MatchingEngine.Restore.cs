using XpFlywheel.Core.Ledger;

namespace XpFlywheel.Core.Matching;

// Rebuilding after a restart, and the structural checks the tests run after every command.
public sealed partial class MatchingEngine
{
    /// <summary>
    /// Puts a persisted resting order back on the book, at the back of its level: restore in <see cref="CopyOrders"/>
    /// order (or by ascending <see cref="OrderView.Sequence"/>) to keep time priority. Moves no balance: restore the
    /// ledger's balances (which already include the holds) separately, then call <see cref="RestoreState"/>.
    /// </summary>
    public void RestoreOrder(in OrderView order)
    {
        var remaining = order.Remaining.Units;
        if (remaining <= 0 || order.Price.Ticks <= 0 || order.OperatorId <= 0 || _orderIndex.TryGet(order.OrderId, out _))
            throw new ArgumentException($"Order {order.OrderId} cannot be restored.", nameof(order));
        if (order.Held % remaining != 0 || (order.Side == Side.Sell && order.Held != remaining))
            throw new ArgumentException($"Order {order.OrderId} holds {order.Held}, not a whole amount per XP.", nameof(order));
        var node = _pool.Allocate();
        ref var n = ref _pool.Nodes[node];
        n.OrderId = order.OrderId;
        n.OperatorId = order.OperatorId;
        n.Side = order.Side;
        n.Price = order.Price.Ticks;
        n.Remaining = remaining;
        n.Held = order.Held;
        n.UnitHold = order.Held / remaining;
        n.Sequence = order.Sequence;
        n.Timestamp = order.Timestamp;
        n.PostOnly = order.PostOnly;
        (order.Side == Side.Buy ? _bids : _asks).Append(node);
        _orderIndex.Set(order.OrderId, node);
        LinkToOperator(node);
    }

    /// <summary>Restores counters, last price and halt flag saved from <see cref="State"/>.</summary>
    public void RestoreState(in EngineState state)
    {
        _lastPrice = state.LastTradePrice.Ticks;
        _nextOrderId = state.NextOrderId;
        _nextTradeId = state.NextTradeId;
        _nextSequence = state.NextSequence;
        _halted = state.Halted;
    }

    /// <summary>
    /// Remembers a client order id's first outcome after a restart, so retries stay idempotent across restarts.
    /// </summary>
    public void RestoreClientOrderId(in PlaceOrder command, CommandStatus status, RejectReason reason, long orderId)
    {
        if (command.ClientOrderId is null)
            throw new ArgumentException("The command has no client order id.", nameof(command));
        // A rejection stored before rejected placements stopped taking their ids is not restored.
        if (status != CommandStatus.Accepted)
            return;
        RememberClientOrderId(command, status, reason, orderId);
    }

    // Both ways: by (operator, client id) for idempotent retries, by order id for the order's later changes.
    private void RememberClientOrderId(in PlaceOrder command, CommandStatus status, RejectReason reason, long orderId)
    {
        _placementClockMs = Math.Max(_placementClockMs, command.Timestamp);
        _clientOrders[(command.OperatorId, command.ClientOrderId!)] = new ClientOrderRecord(command, status, reason, orderId);
        _clientOrdersByAge.Enqueue((command.OperatorId, command.ClientOrderId!, command.Timestamp));
        if (orderId > 0)
            _clientOrderIdOf[orderId] = command.ClientOrderId!;
    }

    /// <summary>
    /// How long a client order id answers retries with its first outcome, in milliseconds of the commands'
    /// <see cref="PlaceOrder.Timestamp"/>: 24 hours unless the host sets its idempotency retention (README, "Idempotency").
    /// A placement later than that treats the id as new; an order still resting keeps its id for its later events.
    /// </summary>
    public long ClientOrderIdRetentionMs { get; set; } = (long)TimeSpan.FromHours(24).TotalMilliseconds;

    /// <summary>How many client order ids the engine remembers now.</summary>
    public int ClientOrderIdCount => _clientOrders.Count;

    /// <summary>
    /// Forgets client order ids first seen at or before <paramref name="nowMs"/> (or the latest placement's time, if
    /// earlier) − <see cref="ClientOrderIdRetentionMs"/>
    /// whose order no longer rests, so the engine's memory of them cannot grow without bound; an id whose order still
    /// rests is kept until the order leaves the book and is looked at again. Each forgotten (operator, id) is added to
    /// <paramref name="forgotten"/> so the host drops its stored copy in the same step. Deterministic: the host calls
    /// it with a batch's time.
    /// </summary>
    public void ForgetExpiredClientOrderIds(long nowMs, List<(long OperatorId, string ClientOrderId)> forgotten)
    {
        // Never ahead of the placements: what is forgotten is expired for every later placement too, live or replayed.
        var cutoff = Math.Min(nowMs, _placementClockMs) - ClientOrderIdRetentionMs;
        var stillResting = 0;
        while (_clientOrdersByAge.Count > stillResting && _clientOrdersByAge.Peek().Timestamp <= cutoff)
        {
            var (operatorId, clientOrderId, timestamp) = _clientOrdersByAge.Dequeue();
            var key = (operatorId, clientOrderId);
            // A newer record under the same id (placed again after an earlier expiry) has its own queue entry.
            if (!_clientOrders.TryGetValue(key, out var record) || record.Command.Timestamp != timestamp)
                continue;
            if (record.OrderId > 0 && _orderIndex.TryGet(record.OrderId, out _))
            {
                // Still resting: keep it and look again at the next call (it goes to the back of the queue).
                _clientOrdersByAge.Enqueue((operatorId, clientOrderId, timestamp));
                stillResting++;
                continue;
            }
            _clientOrders.Remove(key);
            if (record.OrderId > 0)
                _clientOrderIdOf.Remove(record.OrderId);
            forgotten.Add(key);
        }
    }

    /// <summary>
    /// Null when the book is sound: not crossed, every level's quantity and count match its orders, queues are in time
    /// order, and each operator's held cash and XP in the ledger equal what their resting orders reserve.
    /// </summary>
    public string? CheckInvariants()
    {
        if (BestBid is { } bid && BestAsk is { } ask && bid >= ask)
            return $"Book is crossed: bid {bid} >= ask {ask}.";
        var heldCash = new Dictionary<long, long>();
        var heldXp = new Dictionary<long, long>();
        foreach (var side in (ReadOnlySpan<BookSide>)[_bids, _asks])
        {
            for (var rank = 0; rank < side.LevelCount; rank++)
            {
                ref var level = ref side.Level(side.AtRank(rank));
                long quantity = 0, previousSequence = 0;
                var count = 0;
                for (var node = level.Head; node >= 0; node = _pool.Nodes[node].Next)
                {
                    ref var n = ref _pool.Nodes[node];
                    if (n.Price != level.Price || n.Remaining <= 0 || n.Held != n.Remaining * n.UnitHold || n.Sequence <= previousSequence)
                        return $"Order {n.OrderId} is inconsistent with its level {level.Price}.";
                    previousSequence = n.Sequence;
                    quantity += n.Remaining;
                    count++;
                    var held = n.Side == Side.Buy ? heldCash : heldXp;
                    held[n.OperatorId] = held.GetValueOrDefault(n.OperatorId) + n.Held;
                }
                if (quantity != level.Quantity || count != level.Count)
                    return $"Level {level.Price} says {level.Quantity} XP in {level.Count} orders; its orders hold {quantity} in {count}.";
            }
        }
        foreach (var op in _ledger.Operators)
        {
            if (_ledger.Balance(AccountId.CashHeld(op)) != heldCash.GetValueOrDefault(op))
                return $"Operator {op} has {_ledger.Balance(AccountId.CashHeld(op))} cash held but orders reserve {heldCash.GetValueOrDefault(op)}.";
            if (_ledger.Balance(AccountId.XpHeld(op)) != heldXp.GetValueOrDefault(op))
                return $"Operator {op} has {_ledger.Balance(AccountId.XpHeld(op))} XP held but orders reserve {heldXp.GetValueOrDefault(op)}.";
        }
        return _ledger.CheckInvariants();
    }

    /// <summary>Throws when <see cref="CheckInvariants"/> finds a problem: a broken invariant is a bug, not a refusal.</summary>
    public void AssertInvariants()
    {
        if (CheckInvariants() is { } problem)
            throw new InvalidOperationException(problem);
    }
}
