using System.Text.Json;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// Operators an admin left out of one epoch's allocation after looking at a flagged ring (SPEC §7). Stored as one
/// audited settings row per epoch; the close and the preview both read it, so the preview shows what the close pays.
/// </summary>
public static class EpochExclusions
{
    /// <summary>The settings key of epoch <paramref name="number"/>'s excluded operators.</summary>
    public static string Key(long number) => $"epochs.{number}.excluded";

    /// <summary>The operators epoch <paramref name="number"/> excludes, as the core's operator keys.</summary>
    public static IReadOnlySet<string> Load(AppDbContext db, long number) =>
        Ids(db, number).Select(EpochData.OperatorKey).ToHashSet(StringComparer.Ordinal);

    /// <summary>The operators epoch <paramref name="number"/> excludes.</summary>
    public static long[] Ids(AppDbContext db, long number)
    {
        var key = Key(number);
        var json = db.Settings.Where(s => s.Key == key).Select(s => s.Json).FirstOrDefault();
        return json is null ? [] : JsonSerializer.Deserialize<long[]>(json) ?? [];
    }

    /// <summary>The refusal of a change made from an excluded set that has changed since.</summary>
    public const string ChangedElsewhere = "The exclusions were changed elsewhere (by another admin or in another tab) after this page loaded. "
        + "It now shows them as they are: make your change again. Nothing was saved.";

    /// <summary>Applies <see cref="SetEpochExclusions"/>: admins only, open epochs only, known operators only.</summary>
    internal static Validated<long[]> Apply(ExchangeSession session, SetEpochExclusions command)
    {
        if (command.By.Kind != ActorKind.Admin)
            return Validated<long[]>.Invalid(["Only an admin excludes operators from an epoch."]);
        var epoch = session.Db.Epochs.SingleOrDefault(e => e.Number == command.EpochNumber);
        if (epoch is null || epoch.Status != EpochStatus.Open)
            return Validated<long[]>.Invalid([$"Epoch {command.EpochNumber} is not open: exclusions apply only before the close."]);
        if (command.Expected is { } expected && !Ids(session.Db, command.EpochNumber).SequenceEqual(expected.Distinct().Order()))
            return Validated<long[]>.Invalid([ChangedElsewhere]);
        var ids = command.OperatorIds.Distinct().Order().ToArray();
        var known = session.Db.Wallets.Where(w => ids.Contains(w.Id)).Select(w => w.Id).ToHashSet();
        if (ids.FirstOrDefault(id => !known.Contains(id)) is var unknown and not 0)
            return Validated<long[]>.Invalid([$"There is no operator {unknown}."]);
        ParameterRows.Write<long[]>(session.Db, Key(command.EpochNumber), ids.Length == 0 ? null : ids, null, session.Now, command.By.Name ?? "admin", "epoch.exclusions");
        epoch.WorkRevision++;
        session.PublishAfterCommit(new EpochExclusionsChanged(command.EpochNumber, ids));
        return Validated<long[]>.Valid(ids);
    }
}
