namespace XpFlywheel.Web.Data.Entities;

/// <summary>
/// A worker registered by an operator. Its trust inputs (jobs, successes, locked XP) are kept on the row and
/// updated in the same transaction as the event that changes them, so the leaderboard is one indexed query.
/// </summary>
public class Agent
{
    public long Id { get; set; }
    public long OperatorId { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? RetiredAt { get; set; }

    /// <summary>Counted jobs as provider (<see cref="Core.Economy.ProviderRecord"/>): no self-dealing, none below the minimum amount, no open failure.</summary>
    public int JobsAsProvider { get; set; }

    /// <summary>Counted jobs as provider that succeeded.</summary>
    public int SucceededAsProvider { get; set; }

    /// <summary>The capped, amount-weighted success rate over the counted jobs, in billionths (SPEC §6).</summary>
    public long SuccessRatePpb { get; set; }

    public long LockedXp { get; set; }
    public long UnlockingXp { get; set; }
    public long EarnedLastEpoch { get; set; }

    /// <summary>Trust score × 1000 at the last recompute (age moves it daily; pages recompute on read).</summary>
    public long TrustMilli { get; set; }
}
