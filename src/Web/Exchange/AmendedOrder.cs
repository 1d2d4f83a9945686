using XpFlywheel.Core.Matching;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// An order as one amend left it, recorded on the writer when the amend applies and kept in its outcome (so in the
/// idempotency key's stored answer, restarts included): the API answers the amend, and every repeat of it, with the
/// order as it stood then, never with what later fills, amends or a cancel made of it (issue 12's idempotency rule:
/// a repeat returns the first outcome).
/// </summary>
/// <param name="PriceTicks">The order's limit after the amend, in 0.0001-dollar ticks.</param>
/// <param name="Remaining">The XP open after the amend: on the book when <paramref name="Resting"/>; when the amend took
/// the order off (<paramref name="CancelReason"/>), what it still had open then (its size keeps it); 0 when it traded away.</param>
/// <param name="Resting">The order was still on the book after the amend.</param>
/// <param name="CancelReason">Why the amend took the order itself off the book (self-trade prevention), else null.</param>
/// <param name="TradeIdBound">The engine's next trade id after the amend: the order's fills until then are the trades
/// with a lower id (trade ids only grow), so what it had filled, its quote and its fees are read from those.</param>
/// <param name="UpdatedAt">The order's update time after the amend (UTC): the amend's (the batch's time) when it
/// changed the order, else the time of the order's last change before it (an amend to the price and open quantity the
/// order already has writes nothing).</param>
public sealed record AmendedOrder(long PriceTicks, long Remaining, bool Resting, CancelReason? CancelReason, long TradeIdBound, DateTime UpdatedAt);
