using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>An unlock's waiting period ended and its XP is available again.</summary>
public sealed record UnlockReleased(long OperatorId, long LockId, long AgentId, string AgentName, long Amount) : ExchangeEvent;
