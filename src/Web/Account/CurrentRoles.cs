using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

/// <summary>
/// Re-makes a signed-in principal with the roles its account has now, when an admin granted or revoked the admin role
/// after it was issued (the sign-in cookie on its next request, an open tab at once).
/// </summary>
internal static class CurrentRoles
{
    /// <summary>
    /// The principal with the account's current roles, keeping how it signed in (the <c>amr</c> and authentication-method
    /// claims, as <c>SignInManager.RefreshSignInAsync</c> keeps them). Null when the principal's security stamp is no
    /// longer the account's (a password change, a lockout) or the account no longer stands: such a sign-in is ended,
    /// never renewed, so a role change cannot carry a session past a change that was meant to end it.
    /// </summary>
    public static async Task<ClaimsPrincipal?> RefreshAsync(IServiceProvider services, ClaimsPrincipal principal, string userId)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(userId) is not { } user || AccountLockout.IsLockedOut(user))
            return null;
        var stampType = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        if (users.SupportsUserSecurityStamp && principal.FindFirstValue(stampType) != await users.GetSecurityStampAsync(user))
            return null;
        var fresh = await services.GetRequiredService<SignInManager<ApplicationUser>>().CreateUserPrincipalAsync(user);
        if (fresh.Identity is ClaimsIdentity identity)
        {
            foreach (var type in (string[])[ClaimTypes.AuthenticationMethod, "amr"])
            {
                if (principal.FindFirst(type) is { } claim && !identity.HasClaim(c => c.Type == type))
                    identity.AddClaim(new Claim(type, claim.Value));
            }
        }
        return fresh;
    }
}
