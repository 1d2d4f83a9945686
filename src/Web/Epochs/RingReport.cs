using XpFlywheel.Core.Economy;

namespace XpFlywheel.Web.Epochs;

/// <summary>The open epoch's flagged rings, who is excluded, and the allocation preview with those exclusions.</summary>
/// <param name="Names">Display names of the operators the report mentions, by operator id.</param>
/// <param name="Excluded">Operators the epoch leaves out of its allocation.</param>
/// <param name="Preview">The allocation if the epoch closed now, exclusions applied: what the close would pay.</param>
public sealed record RingReport(
    long EpochNumber,
    IReadOnlyList<Ring> Rings,
    IReadOnlyList<long> Excluded,
    IReadOnlyDictionary<long, string> Names,
    EpochAllocation Preview)
{
    /// <summary>XP the preview gives an operator's agents if the epoch closed now.</summary>
    public long PreviewFor(long operatorId) =>
        Preview.Agents.Where(a => a.OperatorId == EpochData.OperatorKey(operatorId)).Sum(a => a.Allocation.Units);

    /// <summary>The operator ids of a ring.</summary>
    public static long[] Members(Ring ring) => [.. ring.Cycle.Select(long.Parse)];
}
