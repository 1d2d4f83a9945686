using XpFlywheel.Core.Ledger;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// Moves the ledger's new postings out after each unit of work, and at the end of the batch records them with the final balance of every account they touched in the batch's
/// result rows (<see cref="ProjectionRows"/>), written together: balances on
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

    /// <summary>Records the batch's postings and the final balances of the accounts they touched in its result rows.</summary>
    public static void Write(ExchangeSession session) =>
        session.Rows.Ledger(session.Postings, session.TouchedOperators, session.TouchedSystemAccounts, session.Ledger);

    private static void Touch(ExchangeSession session, AccountId account)
    {
        if (account.Owner == AccountId.SystemOwner)
            session.TouchedSystemAccounts.Add(account);
        else
            session.TouchedOperators.Add(account.Owner);
    }
}
