using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

/// <summary>
/// The engine's counters and flags, persisted beside the resting orders so a restarted engine continues identically.
/// <see cref="LastTradePrice"/> is zero ticks when nothing has traded and no reference price was set.
/// </summary>
public readonly record struct EngineState(Price LastTradePrice, long NextOrderId, long NextTradeId, long NextSequence, bool Halted);
