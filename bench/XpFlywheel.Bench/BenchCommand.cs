using XpFlywheel.Core.Matching;

namespace XpFlywheel.Bench;

/// <summary>One pre-generated command of the replayed stream.</summary>
public readonly record struct BenchCommand(BenchCommandKind Kind, PlaceOrder Place, long OrderId, long OperatorId);
