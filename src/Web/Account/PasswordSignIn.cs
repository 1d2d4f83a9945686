using Microsoft.AspNetCore.Identity;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Settings;

namespace XpFlywheel.Web.Account;

/// <summary>What a sign-in with e-mail and password came to.</summary>
public enum SignInOutcome
{
    /// <summary>Signed in.</summary>
    Succeeded,
    /// <summary>The password was right; the account asks for an authenticator or recovery code next.</summary>
    RequiresTwoFactor,
    /// <summary>The password was right but an administrator has locked the account.</summary>
    LockedByAdmin,
    /// <summary>The password was right but the address is not confirmed yet (sign-up mails the link).</summary>
    NotConfirmed,
    /// <summary>Unknown e-mail or wrong password: the two are never told apart.</summary>
    Invalid,
    /// <summary>The client IP has used its failed sign-ins (<see cref="SignInThrottle"/>); nothing was checked.</summary>
    Throttled,
}

/// <summary>
/// Sign-in with e-mail and password that answers the same, in about the same time, whether or not the account exists:
/// an unknown e-mail still costs one password-hash check, and an account's lockout state is only read once its
/// password is proven. Failed attempts slow their source IP (<see cref="SignInThrottle"/>) instead of locking the
/// account, so knowing someone's e-mail is not enough to lock them out. Every attempt is audited with its address.
/// </summary>
public sealed class PasswordSignIn(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    IPasswordHasher<ApplicationUser> hasher,
    SignInThrottle throttle,
    AuditLog audit)
{
    private static readonly ApplicationUser Nobody = new() { UserName = "nobody@invalid", Email = "nobody@invalid" };
    private static string? _nobodyHash;

    /// <summary>Checks the password and signs in; <paramref name="retryAfter"/> is set when throttled.</summary>
    public async Task<(SignInOutcome Outcome, TimeSpan RetryAfter)> SignInAsync(string email, string password, bool remember, string address)
    {
        if (throttle.IsRefused(address, out var retryAfter))
        {
            await audit.SecurityAsync(email, "sign-in throttled", "account", address);
            return (SignInOutcome.Throttled, retryAfter);
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            // The same work as a wrong password, so the answer's timing does not tell whether the e-mail exists.
            _nobodyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));
            hasher.VerifyHashedPassword(Nobody, _nobodyHash, password);
            return await FailedAsync(email, address);
        }
        if (!await users.CheckPasswordAsync(user, password))
            return await FailedAsync(email, address);

        var result = await signIn.PasswordSignInAsync(user, password, remember, lockoutOnFailure: false);
        var outcome = result.Succeeded ? SignInOutcome.Succeeded
            : result.RequiresTwoFactor ? SignInOutcome.RequiresTwoFactor
            : result.IsLockedOut ? SignInOutcome.LockedByAdmin
            : result.IsNotAllowed && !user.EmailConfirmed ? SignInOutcome.NotConfirmed
            : SignInOutcome.Invalid;
        await audit.SecurityAsync(email, outcome switch
        {
            SignInOutcome.Succeeded => "sign-in",
            SignInOutcome.RequiresTwoFactor => "sign-in password accepted, code required",
            SignInOutcome.LockedByAdmin => "sign-in refused: locked",
            SignInOutcome.NotConfirmed => "sign-in refused: address not confirmed",
            _ => "sign-in refused",
        }, "account", address);
        return (outcome, TimeSpan.Zero);
    }

    private async Task<(SignInOutcome, TimeSpan)> FailedAsync(string email, string address)
    {
        throttle.Failed(address);
        await audit.SecurityAsync(email, "sign-in failed", "account", address);
        return (SignInOutcome.Invalid, TimeSpan.Zero);
    }
}
