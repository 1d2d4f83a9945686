namespace XpFlywheel.Web.Data.Entities;

/// <summary>
/// One operator's provider volume on one UTC day: the successful jobs its agents did for other operators (self-dealing
/// excluded), kept as jobs are recorded (<see cref="Economy.OperatorVolumes"/>), so the 30-day ranking sums at most 31
/// rows per operator instead of every job. Volume in cash micros.
/// </summary>
public class OperatorVolumeDay
{
    public long OperatorId { get; set; }

    /// <summary>The day's start, midnight UTC.</summary>
    public DateTime Day { get; set; }

    /// <summary>Cash micros of the day's successful jobs as provider.</summary>
    public long Volume { get; set; }

    /// <summary>How many they were.</summary>
    public int Jobs { get; set; }
}
