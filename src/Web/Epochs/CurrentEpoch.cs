using XpFlywheel.Core.Economy;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// The open epoch as of <see cref="At"/>: its pool (fixed when it started: the previous epoch's burns, carry-in and
/// emission), what has been burned so far (the next pool), and the allocation if it closed now.
/// </summary>
public sealed record CurrentEpoch(
    long Number,
    DateTime StartsAt,
    DateTime EndsAt,
    DateTime At,
    long Pool,
    long PoolFromBurns,
    long CarryIn,
    long Emission,
    long BurnedSoFar,
    EpochParameters Parameters,
    EpochAllocation Preview)
{
    public int EligibleAgents => Preview.Agents.Count(a => a.Eligible);

    public TimeSpan Remaining => EndsAt > At ? EndsAt - At : TimeSpan.Zero;
}
