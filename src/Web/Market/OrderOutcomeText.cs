using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>
/// What the ticket and the open-orders list say of an accepted order command: what filled, what rests, what of it
/// ended unfilled and why, and which of the trader's other orders self-trade prevention cancelled on the way (in the
/// default mode, <see cref="SelfTradePrevention.CancelResting"/>, a buy that reaches your own ask cancels the ask, so
/// an order disappears from the list because of the one just sent). One module for both, so a placement and an
/// amend that trade are told alike.
/// </summary>
public static class OrderOutcomeText
{
    /// <summary>A placement: "Order #42: 100 XP filled, 900 XP resting.", with what ended unfilled and any own order cancelled.</summary>
    public static string Placed(OrderOutcome outcome) =>
        $"Order #{outcome.OrderId}: {Fmt.Xp(outcome.FilledQuantity)} XP filled{Fills(outcome)}{Rest(outcome)}{OthersCancelled(outcome)}";

    /// <summary>
    /// An amend that traded or cancelled one of the trader's other orders: "Order #42 amended: 40 XP filled, 60 XP
    /// resting.", with any own order cancelled. Null for an amend that only changed the order (nothing to add to the
    /// list, which shows it).
    /// </summary>
    public static string? Amended(OrderOutcome outcome) =>
        outcome.FilledQuantity == 0 && !outcome.Cancelled.Any(c => c.OrderId != outcome.OrderId)
            ? null
            : $"Order #{outcome.OrderId} amended: {Fmt.Xp(outcome.FilledQuantity)} XP filled{Fills(outcome)}{Rest(outcome)}{OthersCancelled(outcome)}";

    /// <summary>
    /// What became of an order since the ticket placed it, for a later command's <paramref name="change"/> to it: "Order
    /// #42 traded 40 XP more; 60 XP still resting.", "Order #42 has filled.", "Order #42 was cancelled;
    /// nothing of it rests.", "Order #42 amended: 60 XP resting at $0.0210.". Null for its placement (nothing new).
    /// </summary>
    public static (string Text, MudBlazor.Severity Severity)? Later(OrderChange change)
    {
        var id = change.OrderId;
        var filled = change.Fills.Sum(f => f.Quantity.Units);
        return change.Kind switch
        {
            OrderChangeKind.PartiallyFilled => ($"Order #{id} traded {Fmt.Xp(filled)} XP more; {Fmt.Xp(change.Remaining.Units)} XP still resting.", MudBlazor.Severity.Success),
            OrderChangeKind.Filled => ($"Order #{id} has filled completely.", MudBlazor.Severity.Success),
            OrderChangeKind.Cancelled => ($"Order #{id} was {change.Reason switch
            {
                CancelReason.SelfTradePrevention => "cancelled by self-trade prevention (another order of yours would have traded with it)",
                CancelReason.CancelAfter => "cancelled by your dead-man switch",
                _ => "cancelled",
            }}; nothing of it rests.", MudBlazor.Severity.Info),
            OrderChangeKind.Expired => ($"Order #{id} expired; nothing of it rests.", MudBlazor.Severity.Info),
            OrderChangeKind.Amended => ($"Order #{id} amended: {Fmt.Xp(change.Remaining.Units)} XP resting at {Fmt.PriceUsd(change.Price)}.", MudBlazor.Severity.Info),
            _ => null,
        };
    }

    /// <summary>
    /// Success when the order filled or rests whole and none of the trader's other orders was cancelled; a warning
    /// when part of it ended unfilled (expired, or cancelled by self-trade prevention) or another order of theirs was.
    /// </summary>
    public static MudBlazor.Severity Severity(OrderOutcome outcome) =>
        (outcome.RestingQuantity == 0 && outcome.Cancelled.Any(c => c.OrderId == outcome.OrderId && c.Remaining.Units > 0))
        || outcome.Cancelled.Any(c => c.OrderId != outcome.OrderId)
            ? MudBlazor.Severity.Warning
            : MudBlazor.Severity.Success;

    /// <summary>
    /// What the order's own fills in this command came to, as the trade history would add them up: " at avg $0.0199
    /// ($19.90 plus a taker fee of $0.0199)" (less, for a sell), to the micro-dollar; empty when it traded nothing.
    /// </summary>
    private static string Fills(OrderOutcome outcome)
    {
        long quote = 0, fees = 0, quantity = 0;
        var side = Side.Buy;
        foreach (var fill in outcome.Fills)
        {
            if (fill.TakerOrderId != outcome.OrderId)
                continue;
            quote = checked(quote + fill.Price.Ticks * Core.Primitives.Price.MicrosPerTick * fill.Quantity.Units);
            fees = checked(fees + fill.TakerFee.Micros);
            quantity += fill.Quantity.Units;
            side = fill.TakerSide;
        }
        if (quantity == 0)
            return "";
        var average = new Core.Primitives.Cash(quote).Dollars / quantity;
        return $" at avg {Fmt.PriceUsd(average)} ({Fmt.CashExact(quote)} {(side == Side.Buy ? "plus" : "less")} a taker fee of {Fmt.CashExact(fees)})";
    }

    private static string Rest(OrderOutcome outcome)
    {
        if (outcome.RestingQuantity > 0)
            return $", {Fmt.Xp(outcome.RestingQuantity)} XP resting.";
        foreach (var ended in outcome.Cancelled)
        {
            if (ended.OrderId != outcome.OrderId || ended.Remaining.Units <= 0)
                continue;
            return ended.Reason == CancelReason.SelfTradePrevention
                ? $"; the other {Fmt.Xp(ended.Remaining.Units)} XP was cancelled by self-trade prevention (it would have traded with your own order). Nothing rests."
                : $"; the other {Fmt.Xp(ended.Remaining.Units)} XP expired unfilled (an IOC or market order does not rest). Nothing rests.";
        }
        return ".";
    }

    // The trader's other orders the command cancelled: only self-trade prevention cancels another order in passing.
    private static string OthersCancelled(OrderOutcome outcome)
    {
        var others = outcome.Cancelled.Where(c => c.OrderId != outcome.OrderId).ToList();
        if (others.Count == 0)
            return "";
        var named = string.Join(", ", others.Select(c => $"#{c.OrderId} ({Fmt.Xp(c.Remaining.Units)} XP at {Fmt.PriceUsd(c.Price)})"));
        return others.Count == 1
            ? $" Self-trade prevention cancelled your order {named}: it would have traded with this one."
            : $" Self-trade prevention cancelled your orders {named}: they would have traded with this one.";
    }
}
