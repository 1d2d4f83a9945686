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
        var escrow = false;
        foreach (ref readonly var posting in ledger.PendingPostings)
        {
            session.Postings.Add(posting);
            Touch(session, posting.From);
            Touch(session, posting.To);
            escrow |= IsEscrow(posting.From) || IsEscrow(posting.To);
        }
        // A unit that moved escrow always posts to or from the account of the operator it holds for (a hold, a
        // release, a refund, or a trade's proceeds to the offer's maker), so that unit's operators are the ones to read again.
        if (escrow)
        {
            foreach (ref readonly var posting in ledger.PendingPostings)
            {
                if (posting.From.Owner != AccountId.SystemOwner)
                    session.EscrowOperators.Add(posting.From.Owner);
                if (posting.To.Owner != AccountId.SystemOwner)
                    session.EscrowOperators.Add(posting.To.Owner);
            }
        }
        ledger.ClearPostings();
    }

    private static bool IsEscrow(AccountId account) =>
        account.Owner == AccountId.SystemOwner && account.Kind is AccountKind.JobEscrow or AccountKind.OtcCashEscrow or AccountKind.OtcXpEscrow;

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
