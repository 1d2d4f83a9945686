using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Admin;

/// <summary>
/// Who "operator N" is in an audit entry. Entries name an operator by id (<c>operator 37</c>: the target of a cash
/// credit, the actor of a dispute), which is what the journal and a replay write; the audit page shows the operator's
/// email beside it, read when the page loads, so an admin sees who was credited without looking the id up.
/// </summary>
public static partial class AuditOperators
{
    /// <summary>The operator id an actor or target names ("operator 37" → 37), or null when it names none.</summary>
    public static long? IdIn(string? text) =>
        text is not null && Named().Match(text) is { Success: true } match && long.TryParse(match.Groups[1].Value, out var id) ? id : null;

    /// <summary>The emails of the operators the entries name, by operator id; an operator without a wallet or an email is left out.</summary>
    public static async Task<IReadOnlyDictionary<long, string>> EmailsAsync(AppDbContext db, IEnumerable<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        var ids = entries.SelectMany(e => new[] { IdIn(e.Actor), IdIn(e.Target) }).OfType<long>().Distinct().ToList();
        if (ids.Count == 0)
            return new Dictionary<long, string>();
        var found = await db.Wallets.AsNoTracking().Where(w => ids.Contains(w.Id) && w.User!.Email != null)
            .Select(w => new { w.Id, w.User!.Email }).ToListAsync(cancellationToken);
        return found.ToDictionary(w => w.Id, w => w.Email!);
    }

    [GeneratedRegex(@"^operator ([0-9]{1,18})$", RegexOptions.CultureInvariant)]
    private static partial Regex Named();
}
