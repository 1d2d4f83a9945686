using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Web.Streams;

/// <summary>One fill of the operator's order: price in dollars, quantity in XP, the fee this operator paid in dollars, liquidity "maker" or "taker".</summary>
public sealed record UserFillMessage(long TradeId, decimal Price, long Quantity, decimal Fee, string Liquidity)
{
    public static UserFillMessage From(OrderFill fill) =>
        new(fill.TradeId, fill.Price.Dollars, fill.Quantity.Units, fill.Fee.Dollars, fill.Maker ? "maker" : "taker");
}

/// <summary>
/// One order's change in one command. <see cref="Event"/> is new, partially_filled, filled, cancelled, expired or
/// amended; <see cref="Remaining"/> the XP still resting after it; <see cref="Fills"/> the fills this command gave it
/// (with fees); <see cref="Price"/> null for a market order; <see cref="Reason"/> why it was cancelled or expired.
/// <see cref="JournalSequence"/> is the command's, the one the market hub's book and trades carry.
/// </summary>
public sealed record UserOrderMessage(
    long Sequence, long JournalSequence, long OrderId, string? ClientOrderId, string Event, string Side, decimal? Price,
    long Remaining, IReadOnlyList<UserFillMessage> Fills, string? Reason, DateTimeOffset Time)
{
    public static UserOrderMessage From(long sequence, OrderChange change, DateTimeOffset at) => new(
        sequence, change.Sequence, change.OrderId, change.ClientOrderId, EventName(change.Kind), BookDeltaMessage.SideCode(change.Side),
        change.Price.Ticks == 0 ? null : change.Price.Dollars, change.Remaining.Units,
        [.. change.Fills.Select(UserFillMessage.From)], change.Reason is { } reason ? ReasonName(reason) : null, at);

    /// <summary>The wire word of a change, in the REST API's status spelling.</summary>
    public static string EventName(OrderChangeKind kind) => kind switch
    {
        OrderChangeKind.New => "new",
        OrderChangeKind.PartiallyFilled => "partially_filled",
        OrderChangeKind.Filled => "filled",
        OrderChangeKind.Cancelled => "cancelled",
        OrderChangeKind.Expired => "expired",
        _ => "amended",
    };

    private static string ReasonName(CancelReason reason) => reason switch
    {
        CancelReason.Requested => "requested",
        CancelReason.SelfTradePrevention => "self_trade_prevention",
        CancelReason.CancelAfter => "cancel_after",
        _ => "expired",
    };
}

/// <summary>
/// The operator's wallet: cash in dollars, XP in whole units, per account kind. <see cref="CashHeld"/> and
/// <see cref="XpHeld"/> are held by open orders; <see cref="CashHeldByOtc"/> and <see cref="XpHeldByOtc"/> by open OTC
/// offers and <see cref="CashHeldByFailedJobs"/> by failed jobs awaiting their dispute window, which sit in the
/// exchange's escrow (the figures of <c>GET /api/v1/wallet</c>).
/// </summary>
public sealed record UserWalletMessage(decimal CashAvailable, decimal CashHeld, long XpAvailable, long XpHeld, long XpLocked, long XpUnlocking,
    decimal CashHeldByOtc, long XpHeldByOtc, decimal CashHeldByFailedJobs)
{
    public static UserWalletMessage From(WalletBalances b) => new(
        b.CashAvailable.Dollars, b.CashHeld.Dollars, b.XpAvailable.Units, b.XpHeld.Units, b.XpLocked.Units, b.XpUnlocking.Units,
        new Core.Primitives.Cash(b.Escrow.OtcCash).Dollars, b.Escrow.OtcXp, new Core.Primitives.Cash(b.Escrow.JobEscrowCash).Dollars);
}

/// <summary>The wallet after a batch that changed it, as of journal sequence <see cref="JournalSequence"/>.</summary>
public sealed record UserBalanceMessage(long Sequence, long JournalSequence, UserWalletMessage Wallet, DateTimeOffset Time);

/// <summary>A notification addressed to the operator (e.g. kind "order.filled"), once stored.</summary>
public sealed record UserNotificationMessage(long Sequence, long Id, string Kind, string Message, DateTimeOffset Time);

/// <summary>
/// A resting order in a snapshot: price in dollars, remaining XP, and the client order id it was placed with (null
/// when none), as the REST order record and the stream's <c>Order</c> events carry it.
/// </summary>
public sealed record UserOpenOrderMessage(long OrderId, string? ClientOrderId, string Side, decimal Price, long Remaining, bool PostOnly)
{
    public static UserOpenOrderMessage From(OrderView order, string? clientOrderId) =>
        new(order.OrderId, clientOrderId, BookDeltaMessage.SideCode(order.Side), order.Price.Dollars, order.Remaining.Units, order.PostOnly);
}

/// <summary>
/// The operator's open orders and wallet as of journal sequence <see cref="JournalSequence"/>; the stream continues
/// with <see cref="Sequence"/> + 1.
/// </summary>
public sealed record UserSnapshotMessage(long Sequence, long JournalSequence, IReadOnlyList<UserOpenOrderMessage> Orders, UserWalletMessage Wallet);
