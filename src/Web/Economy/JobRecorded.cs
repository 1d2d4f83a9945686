using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>A job was recorded (and settled when it succeeded).</summary>
public sealed record JobRecorded(long JobId, long ClientOperatorId, long ProviderOperatorId, long ClientAgentId, long ProviderAgentId) : ExchangeEvent;
