using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>One step that would raise an agent's trust, and by how much.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Gain">Points gained (exact).</param>
/// <param name="XpToLock">For <see cref="TrustAction.LockXp"/>: how much more XP to lock.</param>
/// <param name="Jobs">For <see cref="TrustAction.CompleteJobs"/>: how many successful jobs.</param>
/// <param name="Wait">For <see cref="TrustAction.Wait"/>: how long.</param>
/// <param name="Description">A short sentence for the UI, e.g. "lock 900 XP more: +10.0".</param>
public sealed record TrustSuggestion(TrustAction Action, double Gain, Xp XpToLock, int Jobs, TimeSpan Wait, string Description);
