using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Epochs;

namespace XpFlywheel.Web.Admin;

/// <summary>
/// What the admin console says about closing the running epoch now. The number of agents paid comes from one
/// source, the preview's allocation lines, so the confirmation and the "if it closed now" table always agree.
/// </summary>
public static class CloseNowText
{
    /// <summary>Agents the preview pays something: lines with an allocation above zero.</summary>
    public static int Paid(IReadOnlyList<AllocationLine> preview) => preview.Count(l => l.Allocation > 0);

    /// <summary>
    /// The confirmation before closing epoch <paramref name="number"/>, whose pool is <paramref name="pool"/> XP, with the
    /// allocations in <paramref name="preview"/>. The preview is a few seconds old and jobs keep being recorded until
    /// the close, so the count is the preview's, said as such, never promised as the outcome.
    /// </summary>
    public static string Confirmation(long number, long pool, IReadOnlyList<AllocationLine> preview)
    {
        var then = $"and epoch {number + 1} starts. This cannot be undone.";
        var paid = Paid(preview);
        return paid > 0
            ? $"The pool of {Fmt.XpUnit(pool)} is shared among the agents eligible at the close ({Fmt.Count(paid)} in the latest preview; jobs recorded until then count too), {then}"
            : pool == 0
                ? $"The pool is empty, so no agent receives XP, {then}"
                : $"No agent is eligible in the latest preview: unless one is at the close, the whole pool of {Fmt.XpUnit(pool)} carries over, {then}";
    }

    /// <summary>Heading of the empty preview.</summary>
    public static string EmptyTitle(long pool) => pool == 0 ? "The pool is empty" : "No agent is eligible yet";

    /// <summary>Explanation under the empty preview.</summary>
    public static string EmptyText(long pool, int minJobs) => pool == 0
        ? "Nothing was burned or emitted for this epoch: closing now pays no agent."
        : $"Nobody has {minJobs} jobs yet: closing now would carry the whole pool over.";
}
