using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>Locks of these operators changed: locked, unlock requested, cancelled or released.</summary>
public sealed record LocksChanged(IReadOnlyCollection<long> OperatorIds) : ExchangeEvent;
