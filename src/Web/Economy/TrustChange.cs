namespace XpFlywheel.Web.Economy;

/// <summary>One event that moved an agent's trust, with the points it moved it by.</summary>
public sealed record TrustChange(DateTime At, string What, double Delta);
