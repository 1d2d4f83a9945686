namespace XpFlywheel.Web.Data.Entities;

/// <summary>
/// One provider agent's work for one client operator in one open epoch, kept up to date as jobs are recorded and
/// become final (<see cref="Epochs.EpochWorkTally"/>), so scoring an epoch reads one row per agent and client
/// operator instead of every job. A row exists for every pair with a job in the epoch; its figures cover the
/// counted jobs only (SPEC §6, §7: not self-dealing, at least the minimum amount, outcome final). Cash in micros.
/// </summary>
public class EpochWorkRecord
{
    public long EpochNumber { get; set; }
    public long ProviderAgentId { get; set; }
    public long ClientOperatorId { get; set; }

    /// <summary>Counted jobs.</summary>
    public int Jobs { get; set; }

    /// <summary>Counted jobs that succeeded.</summary>
    public int Succeeded { get; set; }

    /// <summary>Cash micros of the counted jobs.</summary>
    public long Amount { get; set; }

    /// <summary>Cash micros of the counted successful jobs.</summary>
    public long SucceededAmount { get; set; }
}
