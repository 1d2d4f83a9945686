namespace XpFlywheel.Core.Matching;

public sealed partial class MatchingEngine
{
    /// <summary>
    /// Cancels a resting order of <paramref name="operatorId"/> and releases its hold exactly. Works while halted.
    /// Refused with <see cref="RejectReason.UnknownOrder"/> (not resting: filled, cancelled or never placed) or
    /// <see cref="RejectReason.NotOrderOwner"/>.
    /// </summary>
    public CommandResult Cancel(long orderId, long operatorId)
    {
        var result = _result;
        result.Reset();
        result.Accept(orderId);
        if (!_orderIndex.TryGet(orderId, out var node))
            return result.Reject(RejectReason.UnknownOrder);
        if (_pool.Nodes[node].OperatorId != operatorId)
            return result.Reject(RejectReason.NotOrderOwner);
        RemoveResting(node, CancelReason.Requested, result);
        return result;
    }

    /// <summary>Cancels every resting order of the operator, oldest first; accepted even when there are none.</summary>
    /// <param name="reason">What each cancelled order records: <see cref="CancelReason.Requested"/> unless the owner's
    /// dead-man switch ran out (<see cref="CancelReason.CancelAfter"/>).</param>
    /// <param name="upToOrderId">Only orders with this id or a lower one are cancelled (ids grow with placement): a
    /// dead-man switch cancels the orders placed before it fell due, never one placed after it while its cancel was on
    /// the way. <see cref="long.MaxValue"/> (the default) cancels every resting order.</param>
    public CommandResult CancelAll(long operatorId, CancelReason reason = CancelReason.Requested, long upToOrderId = long.MaxValue)
    {
        var result = _result;
        result.Reset();
        if (!_byOperator.TryGetValue(operatorId, out var orders))
            return result;
        var node = orders.Head;
        while (node >= 0)
        {
            var next = _pool.Nodes[node].OperatorNext;
            if (_pool.Nodes[node].OrderId <= upToOrderId)
                RemoveResting(node, reason, result);
            node = next;
        }
        return result;
    }
}
