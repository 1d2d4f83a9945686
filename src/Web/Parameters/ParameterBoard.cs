namespace XpFlywheel.Web.Parameters;

/// <summary>
/// The one place parameters are read from off the writer: the set the single writer last committed. The writer replaces
/// it after each commit that changed parameters (and when it loads or reloads), then announces
/// <see cref="ParametersChanged"/> on the exchange feed. Inside a unit of work on the writer read
/// <see cref="Exchange.ExchangeSession.Parameters"/> instead: it already holds the batch's own changes.
/// </summary>
/// <param name="initial">What <see cref="Current"/> holds before the writer loads; <see cref="ParameterSet.Defaults"/> when null.</param>
public sealed class ParameterBoard(ParameterSet? initial = null)
{
    private volatile ParameterSet _current = initial ?? ParameterSet.Defaults;

    /// <summary>The latest committed set; <see cref="ParameterSet.Defaults"/> (version 0) until the writer has loaded.</summary>
    public ParameterSet Current => _current;

    internal void Publish(ParameterSet parameters) => _current = parameters;
}
