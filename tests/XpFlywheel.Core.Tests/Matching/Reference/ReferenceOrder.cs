using XpFlywheel.Core.Matching;

namespace XpFlywheel.Core.Tests.Matching.Reference;

/// <summary>A resting order of the reference book: a plain mutable object.</summary>
public sealed class ReferenceOrder
{
    public required long Id { get; init; }
    public required long Operator { get; init; }
    public required Side Side { get; init; }
    public required bool PostOnly { get; init; }
    public long Price { get; set; }
    public long Remaining { get; set; }
    public long UnitHold { get; set; }
}
