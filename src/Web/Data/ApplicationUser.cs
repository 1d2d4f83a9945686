using Microsoft.AspNetCore.Identity;

namespace XpFlywheel.Web.Data;

/// <summary>A signed-up person: an operator, and an admin when they hold the Admin role.</summary>
public class ApplicationUser : IdentityUser
{
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>
    /// The public name the operator chose (<see cref="Account.OperatorNames"/>), or null to be shown by the part of
    /// their email before the @. At most <see cref="Account.OperatorNames.MaxLength"/> characters.
    /// </summary>
    public string? DisplayName { get; set; }
}
