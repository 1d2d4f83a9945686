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

    /// <summary>
    /// Cash out to outside, from the available balance only: held cash (open buy orders, OTC offers, job escrow) stays.
    /// Refused with <c>insufficient_cash</c> beyond what is available, changing nothing; an admin's debit is audited.
    /// </summary>
    public static Economy.EconomyResult<Wallets.CashWithdrawal> Withdraw(ExchangeSession session, WithdrawCash c)
    {
        var available = session.Ledger.Balance(AccountId.CashAvailable(c.OperatorId));
        if (available < c.Micros)
            return Economy.EconomyResult<Wallets.CashWithdrawal>.Fail(Economy.EconomyErrors.InsufficientCash,
                $"You have {new Cash(available)} available to withdraw; you asked for {new Cash(c.Micros)}. Cash held by open orders, OTC offers or failed jobs " +
                "cannot be withdrawn until they are cancelled, filled or settled.", "amount");
        if (!session.Ledger.Withdraw(c.OperatorId, c.Micros, c.Sequence).Succeeded)
            throw new InvalidOperationException($"Withdrawal {c.Sequence} passed the balance check but the ledger refused it.");
        if (c.By.Kind == ActorKind.Admin)
            AuditLog.Add(session.Db, session.Now, c.By.Name!, "cash.withdrawn", $"operator {c.OperatorId}", null, new Cash(c.Micros).ToString());
        return Economy.EconomyResult<Wallets.CashWithdrawal>.Ok(new Wallets.CashWithdrawal(c.Sequence, c.Micros, available - c.Micros, session.Now));
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
