using Microsoft.AspNetCore.Identity;

namespace XpFlywheel.Web.Data;

/// <summary>A signed-up person: an operator, and an admin when they hold the Admin role.</summary>
public class ApplicationUser : IdentityUser
{
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
