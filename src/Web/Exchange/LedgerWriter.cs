using XpFlywheel.Core.Ledger;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// Moves the ledger's new postings out after each unit of work, and at the end of the batch writes them (many rows
/// per statement) with the final balance of every account they touched, in the batch's transaction: balances on
/// disk always equal the sum of the postings on disk, and an account touched a hundred times is written once.
/// </summary>
internal static class LedgerWriter
{
    public static void Collect(ExchangeSession session)
    {
        var ledger = session.Ledger;
        foreach (ref readonly var posting in ledger.PendingPostings)
        {
            session.Postings.Add(posting);
            Touch(session, posting.From);
            Touch(session, posting.To);
        }
        ledger.ClearPostings();
    }

    public static void Write(ExchangeSession session)
    {
        session.Journal.WritePostings(session.Postings, session.Now);
        foreach (var operatorId in session.TouchedOperators)
            session.Journal.WriteWallet(session.Ledger, operatorId);
        foreach (var account in session.TouchedSystemAccounts)
            session.Journal.WriteSystemAccount(session.Ledger, account);
    }

    private static void Touch(ExchangeSession session, AccountId account)
    {
        if (account.Owner == AccountId.SystemOwner)
            session.TouchedSystemAccounts.Add(account);
        else
            session.TouchedOperators.Add(account.Owner);
    }
}
