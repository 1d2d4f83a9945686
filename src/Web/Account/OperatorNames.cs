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

    /// <summary>
    /// Brings every stored <see cref="ApplicationUser.DisplayNameKey"/> to the current <see cref="DisplayText.NameKey"/>
    /// rule (a database from before a change of the rule, or whose keys SQL's <c>upper()</c> once filled, keeps the old
    /// keys otherwise, and a look-alike of an old name would pass the clash check). Run at start, after migrating, by
    /// the process that holds the writer. A key that another user's name already takes under the new rule stays as it
    /// was (the unique index allows one), and its user is listed in <see cref="NameKeyRefresh.Clashing"/>. A key that
    /// changes to one alike another operator's email prefix (shown for an operator without a name) or to the
    /// "operator N" form is stored all the same (it keeps the next look-alike out), and its user is listed in
    /// <see cref="NameKeyRefresh.AlikeShownName"/>: <see cref="ClashAsync"/> would refuse that name if chosen today, so
    /// an administrator may want to ask its owner for another. Names are never changed here.
    /// </summary>
    public static async Task<NameKeyRefresh> RefreshKeysAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var named = await db.Users.AsNoTracking().Where(u => u.DisplayName != null)
            .Select(u => new { u.Id, u.DisplayName, u.DisplayNameKey }).ToListAsync(cancellationToken);
        var stale = named.Select(u => (u.Id, Stored: u.DisplayNameKey, Key: DisplayText.NameKey(u.DisplayName!))).Where(u => u.Key != u.Stored).ToList();
        if (stale.Count == 0)
            return new NameKeyRefresh(0, [], []);
        // Every key stored now counts as taken until the end (a freed one is not handed on), so no update can meet
        // the unique index.
        var taken = named.Select(u => u.DisplayNameKey).Where(k => k is not null).ToHashSet(StringComparer.Ordinal);
        // The names shown for operators without a chosen one: the part of their email before the @, as ClashAsync compares it.
        var shownByEmail = (await db.Users.AsNoTracking().Where(u => u.DisplayName == null && u.NormalizedEmail != null)
                .Select(u => u.NormalizedEmail!).ToListAsync(cancellationToken))
            .Select(e => e[..Math.Max(0, e.IndexOf('@'))]).ToHashSet(StringComparer.Ordinal);
        var changed = 0;
        List<string> clashing = [], alike = [];
        foreach (var user in stale)
        {
            if (!taken.Add(user.Key))
            {
                clashing.Add(user.Id);
                continue;
            }
            changed += await db.Users.Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.DisplayNameKey, user.Key), cancellationToken);
            if (GeneratedName().IsMatch(user.Key) || shownByEmail.Contains(user.Key))
                alike.Add(user.Id);
        }
        return new NameKeyRefresh(changed, clashing, alike);
    }

    /// <summary>
    /// What <see cref="RefreshKeysAsync"/> did: how many stored keys it changed, the ids of the users whose key stayed
    /// as it was because another name takes the new one, and the ids of those whose new key is alike a name the app
    /// shows for another operator (an email prefix or "operator N").
    /// </summary>
    public sealed record NameKeyRefresh(int Changed, IReadOnlyList<string> Clashing, IReadOnlyList<string> AlikeShownName);

    /// <summary>The refusal for a name another operator goes by.</summary>
    public static string Taken(string name) => $"The display name \"{name}\" is already another operator's name; choose another.";

    [GeneratedRegex(@"^OPERATOR ?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex GeneratedName();
}
