namespace XpFlywheel.Web.Account;

/// <summary>Every registered user is an Operator; admins also hold Admin.</summary>
public static class Roles
{
    public const string Operator = "Operator";
    public const string Admin = "Admin";

    public static readonly string[] All = [Operator, Admin];
}
