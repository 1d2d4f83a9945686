using XpFlywheel.Core.Ledger;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// After each unit of work: the ledger's new postings and the balances they touched go into the batch's
/// transaction, so balances on disk always equal the sum of the postings on disk.
/// </summary>
internal static class LedgerWriter
{
    public static void Flush(ExchangeSession session)
    {
        var ledger = session.Ledger;
        var postings = ledger.PendingPostings;
        if (postings.Length == 0)
            return;

        var operators = new HashSet<long>();
        var systemAccounts = new HashSet<AccountId>();
        foreach (ref readonly var posting in postings)
        {
            session.Journal.WritePosting(posting, session.Now);
            Collect(posting.From, operators, systemAccounts);
            Collect(posting.To, operators, systemAccounts);
        }
        foreach (var operatorId in operators)
        {
            session.Journal.WriteWallet(ledger, operatorId);
            session.TouchedOperators.Add(operatorId);
        }
        foreach (var account in systemAccounts)
            session.Journal.WriteSystemAccount(ledger, account);
        ledger.ClearPostings();
    }

    private static void Collect(AccountId account, HashSet<long> operators, HashSet<AccountId> systemAccounts)
    {
        if (account.Owner == AccountId.SystemOwner)
            systemAccounts.Add(account);
        else
            operators.Add(account.Owner);
    }
}
