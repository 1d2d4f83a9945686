using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>What one client operator gave one provider in counted jobs.</summary>
/// <param name="ClientOperatorId">The client's operator.</param>
/// <param name="Jobs">Counted jobs.</param>
/// <param name="Succeeded">Counted jobs that succeeded.</param>
/// <param name="Amount">Cash of all counted jobs, successful or failed.</param>
/// <param name="SucceededAmount">Cash of the successful ones.</param>
public sealed record ClientVolume(string ClientOperatorId, int Jobs, int Succeeded, Cash Amount, Cash SucceededAmount);
