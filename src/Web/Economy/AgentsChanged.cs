using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Agents were registered, edited, retired, or their trust inputs changed (jobs, locks, unlocks, the periodic
/// age refresh). The leaderboard and agent pages reload the rows they show.
/// </summary>
public sealed record AgentsChanged(IReadOnlyCollection<long> AgentIds, IReadOnlyCollection<long> OperatorIds) : ExchangeEvent;
