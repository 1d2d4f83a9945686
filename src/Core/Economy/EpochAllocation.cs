using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>The outcome of closing an epoch: <see cref="Allocated"/> + <see cref="CarryOver"/> = <see cref="Pool"/>.</summary>
/// <param name="Pool">The XP the epoch distributed.</param>
/// <param name="Agents">Every agent considered, in agent id order, eligible or not.</param>
/// <param name="Allocated">Sum of the allocations.</param>
/// <param name="CarryOver">XP left for the next epoch's pool: the whole pool when no agent was eligible, else 0.</param>
public sealed record EpochAllocation(Xp Pool, IReadOnlyList<AgentAllocation> Agents, Xp Allocated, Xp CarryOver);
