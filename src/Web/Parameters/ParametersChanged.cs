using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Parameters;

/// <summary>The writer committed (or reloaded) a parameter set; <see cref="ParameterBoard.Current"/> already holds it.</summary>
public sealed record ParametersChanged(ParameterSet Parameters) : ExchangeEvent;
