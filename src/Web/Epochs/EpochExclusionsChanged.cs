using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Epochs;

/// <summary>An admin changed which operators epoch <paramref name="Number"/> leaves out of its allocation.</summary>
public sealed record EpochExclusionsChanged(long Number, IReadOnlyList<long> OperatorIds) : ExchangeEvent;
