namespace XpFlywheel.Web.Components.Layout;

/// <summary>
/// Where the reader's page was served to: the client IP of the request that rendered it (after the forwarded-headers
/// middleware, so a proxy's client), as text, or null when unknown. Read once in <c>App</c> and cascaded from
/// <c>Routes</c>; it reaches the circuit inside the protected component state, so a browser cannot change it. An
/// admin's commands carry it (<see cref="Core.Commands.Actor.Address"/>) and their audit entries record it.
/// </summary>
public sealed record ClientOrigin(string? Address);
