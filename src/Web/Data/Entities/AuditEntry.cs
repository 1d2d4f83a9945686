namespace XpFlywheel.Web.Data.Entities;

/// <summary>Who did what, when, with the value before and after: every admin action and parameter change.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }

    /// <summary>The client IP the action came from, for sign-ins, two-factor changes and API keys; null otherwise.</summary>
    public string? Address { get; set; }
}
