using System.Security.Claims;

namespace XpFlywheel.Web.Admin;

/// <summary>Who an audit entry names: the signed-in admin's user name (their email).</summary>
public static class AdminActor
{
    public static string Of(ClaimsPrincipal user) => user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
}
