using XpFlywheel.Core.Ledger;

namespace XpFlywheel.Web.Wallets;

/// <summary>
/// Whom a posting may name as the other side. An order-book trade is anonymous, as on every public exchange: a
/// fill names neither side to the other (the trade records, the tape and the streams do not either), so its
/// postings say "market" instead of the other operator. A job names its two agents and an OTC trade its two
/// operators by design, so their postings keep the operator.
/// </summary>
public static class PostingCounterparty
{
    /// <summary>What the postings of an order-book fill call the other operator.</summary>
    public const string Market = "market";

    /// <summary>Whether a posting for <paramref name="reason"/> hides the other operator.</summary>
    public static bool IsAnonymous(PostingReason reason) => reason == PostingReason.Trade;
}
