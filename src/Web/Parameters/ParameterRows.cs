using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Settings;

namespace XpFlywheel.Web.Parameters;

/// <summary>
/// Where parameters are stored: one JSON row per kind in <c>Settings</c>. Only the writer uses this — to load the set
/// when it starts or reloads, and to write a change and its audit entry in the batch's transaction. Everyone else
/// reads <see cref="ParameterBoard.Current"/>.
/// </summary>
public static class ParameterRows
{
    /// <summary>Fees, band and self-trade mode (<see cref="MarketParameters"/>).</summary>
    public const string MarketKey = "market";

    /// <summary>The fee-tier table (<see cref="TierTable"/>).</summary>
    public const string TiersKey = "tiers";

    /// <summary>The unlock waiting period (<see cref="LockPolicy"/>).</summary>
    public const string LockKey = "locks";

    /// <summary>The epoch rules in force (<see cref="EpochParameters"/>).</summary>
    public const string EpochKey = "epochs";

    /// <summary>An admin's change to the epoch rules, waiting for the next close.</summary>
    public const string PendingEpochKey = "epochs.pending";

    /// <summary>Which jobs count for trust and epochs (<see cref="ReputationRules"/>).</summary>
    public const string ReputationKey = "reputation";

    /// <summary>The OTC desk's fees, band and lifetimes (<see cref="OtcParameters"/>).</summary>
    public const string OtcKey = "otc";

    // Web defaults write camelCase and also read PascalCase rows.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] Keys = [MarketKey, TiersKey, LockKey, EpochKey, PendingEpochKey, ReputationKey, OtcKey];

    /// <summary>
    /// Reads the stored set. Each kind falls back to the spec's default when its row is missing, unreadable or no longer
    /// valid (a broken row is logged), so the exchange never runs on parameters the core would refuse.
    /// </summary>
    public static async Task<ParameterSet> LoadAsync(AppDbContext db, ParameterDefaults defaults, ILogger logger, CancellationToken cancellationToken = default)
    {
        var rows = await db.Settings.AsNoTracking().Where(s => Keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, s => s.Json, cancellationToken);
        var market = Read<MarketParameters>(rows, MarketKey, m => m.Validate(), logger) ?? MarketParameters.Default;
        var tiers = Read<TierTable>(rows, TiersKey, t => t.ToSchedule().Errors, logger)?.ToSchedule().Value ?? FeeSchedule.Default;
        var lockPolicy = Read<LockPolicy>(rows, LockKey, l => l.Validate(), logger) ?? LockPolicy.Default;
        var epoch = Read<EpochParameters>(rows, EpochKey, e => e.Validate(), logger) ?? EpochParameters.Default;
        var pending = Read<EpochParameters>(rows, PendingEpochKey, e => e.Validate(), logger);
        var reputation = Read<ReputationRules>(rows, ReputationKey, r => r.Validate(), logger) ?? ReputationRules.Default;
        var otc = Read<OtcParameters>(rows, OtcKey, o => o.Validate(), logger);
        return new ParameterSet(market, defaults.Apply(tiers), defaults.Apply(epoch), pending, lockPolicy, epoch.Length, Version: 0, StoredTierWindow: tiers.Window,
            Reputation: reputation, Otc: otc);
    }

    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="key"/> (removes the row when null) on the writer's context,
    /// with an audit entry naming <paramref name="actor"/> and the JSON before and after. Saved with the batch.
    /// <paramref name="inForce"/> is the value that applied until now: the first change of a kind has no row yet
    /// (the default applied), and the audit's "before" shows that default rather than nothing.
    /// </summary>
    public static void Write<T>(AppDbContext db, string key, T? value, T? inForce, DateTime now, string actor, string action = "parameters.changed") where T : class
    {
        var row = db.Settings.SingleOrDefault(s => s.Key == key);
        var before = row?.Json ?? (inForce is null ? null : JsonSerializer.Serialize(inForce, Json));
        var after = value is null ? null : JsonSerializer.Serialize(value, Json);
        if (after is null)
            Remove(db, key);
        else if (row is null)
            db.Settings.Add(new SettingRecord { Key = key, Json = after, UpdatedAt = now });
        else
        {
            row.Json = after;
            row.UpdatedAt = now;
        }
        AuditLog.Add(db, now, actor, action, key, before, after);
    }

    /// <summary>Removes the row under <paramref name="key"/>, unaudited: for a change whose audit entry names another row.</summary>
    public static void Remove(AppDbContext db, string key)
    {
        if (db.Settings.SingleOrDefault(s => s.Key == key) is { } row)
            db.Settings.Remove(row);
    }

    private static T? Read<T>(Dictionary<string, string> rows, string key, Func<T, IReadOnlyList<string>> validate, ILogger logger) where T : class
    {
        if (!rows.TryGetValue(key, out var json))
            return null;
        try
        {
            if (JsonSerializer.Deserialize<T>(json, Json) is { } value)
            {
                var errors = validate(value);
                if (errors.Count == 0)
                    return value;
                logger.LogWarning("The stored parameters {Key} are invalid ({Errors}); using the defaults", key, string.Join(" ", errors));
                return null;
            }
        }
        catch (Exception error) when (error is JsonException or ArgumentException)
        {
            logger.LogWarning(error, "The stored parameters {Key} cannot be read; using the defaults", key);
            return null;
        }
        logger.LogWarning("The stored parameters {Key} are empty; using the defaults", key);
        return null;
    }
}
