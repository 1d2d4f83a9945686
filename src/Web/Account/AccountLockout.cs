namespace XpFlywheel.Web.Account;

/// <summary>
/// Accounts are locked only by an administrator, until unlocked: failed sign-ins slow their source IP instead
/// (<see cref="SignInThrottle"/>), so nobody can lock someone else out by guessing.
/// </summary>
public static class AccountLockout
{
    /// <summary>The lockout end an administrator sets: never ends on its own.</summary>
    public static DateTimeOffset ByAdministratorEnd => DateTimeOffset.MaxValue;
}
