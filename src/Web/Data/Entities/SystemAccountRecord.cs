namespace XpFlywheel.Web.Data.Entities;

/// <summary>Balance of a system account (treasury, burn pool, emission, external cash), keyed by its kind.</summary>
public class SystemAccountRecord
{
    public int Kind { get; set; }
    public int Asset { get; set; }
    public long Balance { get; set; }
}
