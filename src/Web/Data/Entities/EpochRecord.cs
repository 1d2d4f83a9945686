namespace XpFlywheel.Web.Data.Entities;

/// <summary>
/// Open: taking work. Paying: closed by parts (its successor is open), its credits being paid part by part
/// (<see cref="Core.Commands.PayEpochPart"/>). Closed: paid in full.
/// </summary>
public enum EpochStatus { Open, Closed, Paying }

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

    /// <summary>The work revision the staged score lines were worked out at (<see cref="EpochScoreLineRecord"/>); null when none are staged.</summary>
    public long? StagedBasis { get; set; }

    /// <summary>How many parts of the score are staged (the next part's number).</summary>
    public int StagedParts { get; set; }

    /// <summary>How many score lines are staged, and the XP units they allocate, and how many agents they pay.</summary>
    public int StagedLines { get; set; }

    /// <inheritdoc cref="StagedLines"/>
    public long StagedAllocated { get; set; }

    /// <inheritdoc cref="StagedLines"/>
    public int StagedAgentsPaid { get; set; }

    /// <summary>The highest agent id staged so far: lines are staged in ascending agent order.</summary>
    public long StagedLastAgent { get; set; }

    /// <summary>While paying: the highest operator id whose credits are paid (null before the first part).</summary>
    public long? PaidThroughOperator { get; set; }

    /// <summary>While paying: the XP units credited so far from the burn pool (burns and carry-in), the rest being minted.</summary>
    public long PaidFromBurnPool { get; set; }
}
