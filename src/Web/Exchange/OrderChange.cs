using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// One order's change in one command (journal <see cref="Sequence"/>): its state after the command (remaining XP,
/// price in ticks, 0 for a market order), the fills the command gave it with this owner's fees, and why it left the
/// book when it did. Built on the writer from the engine's outcome and published after the journal commit.
/// </summary>
public sealed record OrderChange(
    long Sequence,
    long OrderId,
    long OperatorId,
    OrderChangeKind Kind,
    Side Side,
    Price Price,
    Xp Remaining,
    string? ClientOrderId,
    CancelReason? Reason,
    IReadOnlyList<OrderFill> Fills);
