using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;

namespace XpFlywheel.Web.Exchange;

/// <summary>The ledger and the book the single writer owns; replaced wholesale when rebuilt from the database.</summary>
internal sealed class ExchangeState(AccountLedger ledger, MatchingEngine engine)
{
    public AccountLedger Ledger { get; } = ledger;
    public MatchingEngine Engine { get; } = engine;
}
