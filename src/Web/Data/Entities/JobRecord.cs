namespace XpFlywheel.Web.Data.Entities;

/// <summary>Work a provider agent did for a client agent, recorded by the client's operator. Amount and fee in cash micros.</summary>
public class JobRecord
{
    public long Id { get; set; }
    public long ClientAgentId { get; set; }
    public long ProviderAgentId { get; set; }
    public long ClientOperatorId { get; set; }
    public long ProviderOperatorId { get; set; }
    public long Amount { get; set; }
    public long Fee { get; set; }
    public string FeeTier { get; set; } = "";
    public bool Succeeded { get; set; }
    public bool SelfDealing { get; set; }
    public DateTime At { get; set; }

    /// <summary>
    /// Where the outcome stands (SPEC §3): <c>Counted</c> for a success or a final failure; a failure is
    /// <c>AwaitingWindow</c> until its dispute window passes, <c>Disputed</c> once the provider's operator disputes it,
    /// and <c>Counted</c> or <c>Voided</c> when an admin resolves it. Only <c>Counted</c> jobs enter trust and epochs.
    /// </summary>
    public Core.Economy.JobVerdict Standing { get; set; }

    /// <summary>Until when the provider's operator may dispute a failure; null for successes.</summary>
    public DateTime? DisputableUntil { get; set; }

    /// <summary>Cash micros of a failure held in escrow from the client until the failure is final or voided.</summary>
    public long Held { get; set; }

    public DateTime? DisputedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}
