using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

/// <summary>
/// A resting order as persisted and shown: <see cref="Sequence"/> is its time priority (lower is earlier) and
/// <see cref="Held"/> what it reserves (cash micros for a buy, XP units for a sell).
/// </summary>
public readonly record struct OrderView(
    long OrderId,
    long OperatorId,
    Side Side,
    Price Price,
    Xp Remaining,
    long Sequence,
    long Timestamp,
    long Held,
    bool PostOnly);
