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
}
