using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

/// <summary>
/// The name an operator goes by on leaderboards, agent pages and epoch tables: the display name they chose, else the
/// part of their email before the @, else "operator N". A chosen name follows <see cref="DisplayText"/>'s name rule.
/// </summary>
public static partial class OperatorNames
{
    /// <summary>The longest display name, in UTF-16 units after normalising.</summary>
    public const int MaxLength = 40;

    /// <summary>The public name of operator <paramref name="operatorId"/>.</summary>
    public static string Of(string? displayName, string? email, long operatorId) =>
        !string.IsNullOrEmpty(displayName) ? displayName
        : !string.IsNullOrEmpty(email) ? email.Split('@')[0]
        : $"operator {operatorId}";

    /// <summary>
    /// Checks a chosen display name: the normalised name to store (null to go back to the email prefix when the
    /// text is blank), or why it is refused.
    /// </summary>
    public static (string? Name, string? Problem) Check(string? text)
    {
        var normalized = DisplayText.NormalizeName(text);
        if (normalized.Length == 0)
            return (null, null);
        if (normalized.Length > MaxLength)
            return (null, $"The display name can be at most {MaxLength} characters ({normalized.Length} now).");
        return DisplayText.NameProblem(normalized) is { } problem ? (null, $"The display name {problem}.") : (normalized, null);
    }

    /// <summary>
    /// Why <paramref name="name"/> (already <see cref="Check"/>ed) cannot be user <paramref name="userId"/>'s, or null:
    /// it is compared by <see cref="DisplayText.NameKey"/> (case, spacing and Unicode form do not matter) with every
    /// other user's chosen name, with the email prefix of every other user shown by it, and with the "operator N" the
    /// app shows for an operator without either, so no one can go by a name someone else is shown as.
    /// A unique index on <see cref="ApplicationUser.DisplayNameKey"/> settles two users choosing one name at once.
    /// </summary>
    public static async Task<string?> ClashAsync(IQueryable<ApplicationUser> users, string userId, string name, CancellationToken cancellationToken = default)
    {
        var key = DisplayText.NameKey(name);
        if (GeneratedName().IsMatch(key))
            return $"The display name \"{name}\" is how the app shows an operator without a name; choose another.";
        var emailPrefix = key + "@";
        var taken = await users.AnyAsync(u => u.Id != userId
            && (u.DisplayNameKey == key || (u.DisplayNameKey == null && u.NormalizedEmail != null && u.NormalizedEmail.StartsWith(emailPrefix))),
            cancellationToken);
        return taken ? Taken(name) : null;
    }

    /// <summary>The refusal for a name another operator goes by.</summary>
    public static string Taken(string name) => $"The display name \"{name}\" is already another operator's name; choose another.";

    [GeneratedRegex(@"^OPERATOR ?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex GeneratedName();
}
