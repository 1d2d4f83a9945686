namespace XpFlywheel.Web.Account;

/// <summary>
/// The two ways an account is locked: by repeated failed sign-ins (Identity locks it for a few minutes) or by an
/// administrator (locked until unlocked). Sign-in tells the person which one, since only one of them passes by waiting.
/// </summary>
public static class AccountLockout
{
    /// <summary>The lockout end an administrator sets: never ends on its own.</summary>
    public static DateTimeOffset ByAdministratorEnd => DateTimeOffset.MaxValue;

    /// <summary>Query value of the lockout page for an administrator's lock.</summary>
    public const string AdministratorReason = "admin";

    /// <summary>True when <paramref name="lockoutEnd"/> is an administrator's lock rather than a sign-in throttle.</summary>
    public static bool IsByAdministrator(DateTimeOffset? lockoutEnd) => lockoutEnd == ByAdministratorEnd;
}
