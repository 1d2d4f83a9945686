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

    /// <summary>When the key stops working (UTC); null for a key that does not expire.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>What the key may do; existing keys are trade keys.</summary>
    public ApiKeyScope Scope { get; set; }

    /// <summary>
    /// The networks requests with this key may come from, in CIDR notation separated by commas (a single address is
    /// a /32 or /128); empty for anywhere.
    /// </summary>
    public string AllowedNetworks { get; set; } = "";
}
