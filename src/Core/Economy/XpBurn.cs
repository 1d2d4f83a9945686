using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>An irreversible burn of XP by an operator at an instant.</summary>
public sealed record XpBurn(Xp Amount, DateTimeOffset At);
