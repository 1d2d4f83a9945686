namespace XpFlywheel.Web.Data.Entities;

/// <summary>An admin-changeable parameter set, stored as JSON under a key (tiers, market, epochs, locks).</summary>
public class SettingRecord
{
    public string Key { get; set; } = "";
    public string Json { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}
