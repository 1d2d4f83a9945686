using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// An operator's wallet after a batch: cash in micro-dollars, XP in whole units, per account kind, and
/// <see cref="Escrow"/>, what the exchange's escrow accounts hold for them (open OTC offers, failed jobs).
/// </summary>
public readonly record struct WalletBalances(
    long OperatorId, Cash CashAvailable, Cash CashHeld, Xp XpAvailable, Xp XpHeld, Xp XpLocked, Xp XpUnlocking, Wallets.WalletHolds Escrow)
{
    /// <summary>Reads the balances of <paramref name="operatorId"/> from <paramref name="ledger"/>, with <paramref name="escrow"/>.</summary>
    public static WalletBalances Of(Core.Ledger.AccountLedger ledger, long operatorId, Wallets.WalletHolds escrow) => new(
        operatorId,
        new Cash(ledger.Balance(Core.Ledger.AccountId.CashAvailable(operatorId))),
        new Cash(ledger.Balance(Core.Ledger.AccountId.CashHeld(operatorId))),
        new Xp(ledger.Balance(Core.Ledger.AccountId.XpAvailable(operatorId))),
        new Xp(ledger.Balance(Core.Ledger.AccountId.XpHeld(operatorId))),
        new Xp(ledger.Balance(Core.Ledger.AccountId.XpLocked(operatorId))),
        new Xp(ledger.Balance(Core.Ledger.AccountId.XpUnlocking(operatorId))),
        escrow);
}
