using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// What the single writer owns: the ledger, the book and the parameter set (whose market part the engine runs with).
/// Replaced wholesale when rebuilt from the database.
/// </summary>
internal sealed class ExchangeState(AccountLedger ledger, MatchingEngine engine, ParameterSet parameters, ParameterDefaults parameterDefaults)
{
    public AccountLedger Ledger { get; } = ledger;
    public MatchingEngine Engine { get; } = engine;

    /// <summary>The writer's set, including changes of the running batch that are not committed yet.</summary>
    public ParameterSet Parameters { get; set; } = parameters;

    /// <summary>What configuration overrides (the epoch length), applied whenever epoch rules come into force.</summary>
    public ParameterDefaults ParameterDefaults { get; } = parameterDefaults;

    /// <summary>The journal sequence the tables it was loaded from reflect: the writer replays the journal after it.</summary>
    public long ProjectedSequence { get; init; }

    /// <summary>
    /// When each order on the book last changed (UTC, its row's update time): set whenever the writer records a row for
    /// a resting order, dropped when it leaves the book, loaded with the open orders. An amend that changes nothing
    /// answers with it (<see cref="AmendedOrder.UpdatedAt"/>), since it writes no row of its own.
    /// </summary>
    public Dictionary<long, DateTime> OrderUpdatedAt { get; init; } = [];

    /// <summary>What each operator has in the exchange's escrow, as of this state (read with it, refreshed per batch).</summary>
    public EscrowHolds Escrow { get; init; } = new();
}
