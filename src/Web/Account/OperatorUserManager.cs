using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

/// <summary>
/// Identity's user manager, telling <see cref="AccountStanding"/> when an account is locked out or deleted, whoever
/// does it (the admin users page locks through <see cref="UserManager{TUser}.SetLockoutEndDateAsync"/>): the API key
/// check refuses the account's next request by itself, but an open user-stream connection never asks again.
/// </summary>
public sealed class OperatorUserManager(
    IUserStore<ApplicationUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<ApplicationUser> passwordHasher,
    IEnumerable<IUserValidator<ApplicationUser>> userValidators,
    IEnumerable<IPasswordValidator<ApplicationUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<ApplicationUser>> logger,
    AccountStanding standing)
    : UserManager<ApplicationUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>
    /// Sets the lockout end; a lockout in force (an admin's) renews the account's security stamp (its browser sessions
    /// end) and closes its open user-stream connections and tabs (<see cref="AccountStanding.Suspended"/>).
    /// </summary>
    public override async Task<IdentityResult> SetLockoutEndDateAsync(ApplicationUser user, DateTimeOffset? lockoutEnd)
    {
        var result = await base.SetLockoutEndDateAsync(user, lockoutEnd);
        if (result.Succeeded && AccountLockout.IsLockedOut(user))
        {
            // A new stamp: the account's sign-in cookies stop validating at their next request, and open tabs sign out.
            await UpdateSecurityStampAsync(user);
            if (await standing.OperatorOfAsync(user.Id, CancellationToken) is { } operatorId)
                standing.Suspend(operatorId);
        }
        return result;
    }

    /// <summary>Adds the role; the account's signed-in tabs and cookies take it up at once (<see cref="AccountStanding.RolesChanged"/>).</summary>
    public override async Task<IdentityResult> AddToRoleAsync(ApplicationUser user, string role) =>
        await RolesChangedAsync(user, role, await base.AddToRoleAsync(user, role));

    /// <summary>
    /// Removes the role; the account's signed-in tabs and cookies lose it at once (<see cref="AccountStanding.RolesChanged"/>),
    /// not at their next sign-in: a revoked admin must not keep admin pages open.
    /// </summary>
    public override async Task<IdentityResult> RemoveFromRoleAsync(ApplicationUser user, string role) =>
        await RolesChangedAsync(user, role, await base.RemoveFromRoleAsync(user, role));

    // Only the admin role changes what a signed-in session may do (the operator role comes with every sign-up, inside its
    // transaction: nothing there may wait on the projection). The wallet is read without waiting for it.
    // The change is stored by then: telling sessions of it never fails it (a session that missed it takes the roles up
    // at its next request, or signs out at its tab's next revalidation).
    private async Task<IdentityResult> RolesChangedAsync(ApplicationUser user, string role, IdentityResult result)
    {
        if (!result.Succeeded || !string.Equals(role, Roles.Admin, StringComparison.OrdinalIgnoreCase))
            return result;
        try
        {
            if (await standing.WalletOfAsync(user.Id, CancellationToken) is { } operatorId)
                standing.ChangeRoles(operatorId);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            Logger.LogWarning(error, "Could not tell the open sessions of user {UserId} that their roles changed", user.Id);
        }
        return result;
    }

    /// <summary>Deletes the user; their open user-stream connections close.</summary>
    public override async Task<IdentityResult> DeleteAsync(ApplicationUser user)
    {
        var operatorId = await standing.OperatorOfAsync(user.Id, CancellationToken);
        var result = await base.DeleteAsync(user);
        if (result.Succeeded && operatorId is { } id)
            standing.Suspend(id);
        return result;
    }
}
