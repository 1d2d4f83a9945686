namespace XpFlywheel.Web.Data.Entities;

public enum EpochStatus { Open, Closed }

/// <summary>One redistribution window. The pool and its parts are fixed when the epoch closes.</summary>
public class EpochRecord
{
    public long Number { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public EpochStatus Status { get; set; }
    public long PoolFromBurns { get; set; }
    public long CarryIn { get; set; }
    public long Emission { get; set; }
    public long Pool { get; set; }
    public long Allocated { get; set; }
    public long CarryOut { get; set; }
    public long BurnedDuring { get; set; }
    public int AgentsPaid { get; set; }
    public long? LastPriceTicks { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>
    /// Whether the epoch's <see cref="EpochWorkRecord"/> rows have been built from its jobs; false only for an open
    /// epoch of a database from before the rows existed, tallied once when the exchange starts.
    /// </summary>
    public bool WorkTallied { get; set; }

    /// <summary>
    /// Counts the changes to what the epoch is scored on that are its own (its tally, its exclusions): a close scored
    /// off the writer at one revision is paid as scored only while the revision is still the same.
    /// </summary>
    public long WorkRevision { get; set; }
}
