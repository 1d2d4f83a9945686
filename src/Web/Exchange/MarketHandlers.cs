using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Settings;

namespace XpFlywheel.Web.Exchange;

/// <summary>Handlers of the order, cash and market-state commands: state and command in, outcome out (SPEC §2).</summary>
internal static class MarketHandlers
{
    /// <summary>Places the order on the book (the engine's client order ids make a retry a repeat).</summary>
    public static OrderOutcome Submit(ExchangeSession session, SubmitOrder c) =>
        session.Place(new PlaceOrder(c.OperatorId, c.Side, c.Type, new Price(c.PriceTicks), new Xp(c.Quantity), c.TimeInForce, c.PostOnly, c.ClientOrderId));

    public static OrderOutcome Replace(ExchangeSession session, ReplaceOrder c) =>
        session.Amend(new AmendOrder(c.OrderId, c.OperatorId, c.Quantity is { } q ? new Xp(q) : null, c.PriceTicks is { } p ? new Price(p) : null));

    /// <summary>Cash in from outside; an admin's credit is audited in the same transaction.</summary>
    public static TransferResult Deposit(ExchangeSession session, DepositCash c)
    {
        var moved = session.Ledger.Deposit(c.OperatorId, c.Micros, c.Reference);
        if (moved.Succeeded && c.By.Kind == ActorKind.Admin)
            AuditLog.Add(session.Db, session.Now, c.By.Name!, "cash.credited", $"operator {c.OperatorId}", null, new Cash(c.Micros).ToString());
        return moved;
    }

    /// <summary>New XP from the emission account; an admin's grant is audited in the same transaction.</summary>
    public static TransferResult Grant(ExchangeSession session, GrantXp c)
    {
        var moved = session.Ledger.Emit(c.OperatorId, c.Xp, PostingReason.Emission, 0);
        if (moved.Succeeded && c.By.Kind == ActorKind.Admin)
            AuditLog.Add(session.Db, session.Now, c.By.Name!, "xp.granted", $"operator {c.OperatorId}", null, new Xp(c.Xp).ToString());
        return moved;
    }

    public static bool Halt(ExchangeSession session, HaltMarket c) =>
        Audited(session, c.By, session.Engine.Halt().IsAccepted, "market.halted", "trading", "halted");

    public static bool Resume(ExchangeSession session, ResumeMarket c) =>
        Audited(session, c.By, session.Engine.Resume().IsAccepted, "market.resumed", "halted", "trading");

    private static bool Audited(ExchangeSession session, Actor by, bool accepted, string action, string before, string after)
    {
        if (accepted)
            AuditLog.Add(session.Db, session.Now, by.Name ?? by.Scope, action, "market", before, after);
        return accepted;
    }
}
