using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>The cash one ring member paid another in the epoch, as evidence.</summary>
/// <param name="Jobs">Counted successful jobs behind it.</param>
/// <param name="First">The first of those jobs.</param>
/// <param name="Last">The last of those jobs.</param>
public sealed record RingEdge(string FromOperatorId, string ToOperatorId, Cash Amount, int Jobs, DateTime First, DateTime Last);
