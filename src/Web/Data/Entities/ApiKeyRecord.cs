namespace XpFlywheel.Web.Data.Entities;

/// <summary>An operator's API key: only its SHA-256 hash and a short prefix (to recognise it in lists) are stored.</summary>
public class ApiKeyRecord
{
    public long Id { get; set; }
    public long OperatorId { get; set; }
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string Hash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
