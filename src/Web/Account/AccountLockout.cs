using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

/// <summary>
/// Accounts are locked only by an administrator, until unlocked: failed sign-ins slow their source IP instead
/// (<see cref="SignInThrottle"/>), so nobody can lock someone else out by guessing.
/// </summary>
public static class AccountLockout
{
    /// <summary>The lockout end an administrator sets: never ends on its own.</summary>
    public static DateTimeOffset ByAdministratorEnd => DateTimeOffset.MaxValue;

    /// <summary>
    /// Whether <paramref name="user"/> is locked out now: their sign-in, API keys and open user-stream connections stop.
    /// Failed passwords never lock an account, so every lockout is an admin's. Identity stamps lockouts with the
    /// system clock, so this reads it too.
    /// </summary>
    public static bool IsLockedOut(ApplicationUser user) =>
        user.LockoutEnabled && user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow;
}
