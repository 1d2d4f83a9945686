using System.Runtime.InteropServices;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

/// <summary>
/// Exactly what one command did. The engine owns one instance and overwrites it on the next command (so the hot path
/// allocates nothing): read or copy what you need before sending the next command.
/// </summary>
public sealed class CommandResult
{
    private readonly List<Fill> _fills = new(64);
    private readonly List<CancelledOrder> _cancelled = new(16);

    public CommandStatus Status { get; private set; }

    /// <summary><see cref="RejectReason.None"/> when accepted.</summary>
    public RejectReason RejectReason { get; private set; }

    /// <summary>The order the command placed, cancelled or amended (even when refused); 0 for a rejected placement and market-wide commands.</summary>
    public long OrderId { get; private set; }

    /// <summary>
    /// True when a placement repeated an earlier client order id with the same terms: the first outcome is returned
    /// (status, reason, order id) and nothing happened now; its fills were reported the first time.
    /// </summary>
    public bool IsRepeat { get; private set; }

    /// <summary>Quantity the addressed order traded during this command.</summary>
    public Xp FilledQuantity { get; private set; }

    /// <summary>The addressed order's open quantity left on the book after the command (0 if it is not resting).</summary>
    public Xp RestingQuantity { get; internal set; }

    /// <summary>Trades made by this command, in execution order.</summary>
    public ReadOnlySpan<Fill> Fills => CollectionsMarshal.AsSpan(_fills);

    /// <summary>Orders cancelled by this command (requested, self-trade prevention, expired remainders), in order.</summary>
    public ReadOnlySpan<CancelledOrder> Cancelled => CollectionsMarshal.AsSpan(_cancelled);

    public bool IsAccepted => Status == CommandStatus.Accepted;

    internal void Reset()
    {
        Status = CommandStatus.Accepted;
        RejectReason = RejectReason.None;
        OrderId = 0;
        IsRepeat = false;
        FilledQuantity = default;
        RestingQuantity = default;
        _fills.Clear();
        _cancelled.Clear();
    }

    internal CommandResult Reject(RejectReason reason)
    {
        Status = CommandStatus.Rejected;
        RejectReason = reason;
        return this;
    }

    internal void Accept(long orderId) => OrderId = orderId;

    internal void Repeat(CommandStatus status, RejectReason reason, long orderId, Xp resting)
    {
        Status = status;
        RejectReason = reason;
        OrderId = orderId;
        IsRepeat = true;
        RestingQuantity = resting;
    }

    internal void AddFill(in Fill fill)
    {
        _fills.Add(fill);
        FilledQuantity += fill.Quantity;
    }

    internal void AddCancelled(in CancelledOrder cancelled) => _cancelled.Add(cancelled);
}
