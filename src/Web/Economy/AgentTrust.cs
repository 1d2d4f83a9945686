using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Economy;

/// <summary>Trust from an agent row: the row keeps the filtered inputs (self-dealing and unlocking XP already left out).</summary>
public static class AgentTrust
{
    public static TrustInputs Inputs(Agent agent, DateTime now) =>
        new(new Xp(agent.LockedXp), now - agent.CreatedAt, ProviderRecord.RateFromPpb(agent.SuccessRatePpb), agent.JobsAsProvider);

    public static TrustScore Score(Agent agent, DateTime now) => TrustScore.Compute(Inputs(agent, now));

    /// <summary>The stored ranking key: trust × 1000, rounded.</summary>
    public static long Milli(TrustScore score) => (long)Math.Round(score.Total * 1000, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The stored key of a retired agent: below every active one, so "active agents" and "agents ahead of this one"
    /// are both ranges of the trust index, without looking at the rows.
    /// </summary>
    public const long RetiredMilli = -1;

    /// <summary>Recomputes <see cref="Agent.TrustMilli"/>; returns whether it changed.</summary>
    public static bool Refresh(Agent agent, DateTime now)
    {
        var milli = agent.RetiredAt is null ? Milli(Score(agent, now)) : RetiredMilli;
        if (milli == agent.TrustMilli)
            return false;
        agent.TrustMilli = milli;
        return true;
    }

    /// <summary>The core's operator ids are strings; ours are wallet ids.</summary>
    public static string OperatorKey(long operatorId) => operatorId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
