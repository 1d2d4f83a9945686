using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// Epoch parameters: <see cref="Key"/> holds those in force; an admin's change is stored under
/// <see cref="PendingKey"/> and promoted by the next close, so a running epoch is always scored by the rules it
/// started with. Read straight from the rows (as the writer must, inside its transaction), never from a cache.
/// </summary>
public static class EpochSettings
{
    public const string Key = "epochs";
    public const string PendingKey = "epochs.pending";

    /// <summary>Same JSON shape as <see cref="Settings.SettingsStore"/> writes.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static EpochParameters Load(AppDbContext db, IConfiguration configuration) =>
        WithOverride(Parse(db.Settings.AsNoTracking().SingleOrDefault(s => s.Key == Key)) ?? EpochParameters.Default, configuration);

    public static async Task<EpochParameters> LoadAsync(AppDbContext db, IConfiguration configuration, CancellationToken cancellationToken = default) =>
        WithOverride(Parse(await db.Settings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == Key, cancellationToken)) ?? EpochParameters.Default, configuration);

    /// <summary>The change waiting for the next epoch, if any.</summary>
    public static async Task<EpochParameters?> LoadPendingAsync(AppDbContext db, CancellationToken cancellationToken = default) =>
        Parse(await db.Settings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == PendingKey, cancellationToken));

    /// <summary>
    /// Inside a close: makes the pending change (if valid) the parameters in force, in the close's transaction.
    /// Returns the parameters the next epoch runs with.
    /// </summary>
    public static EpochParameters PromotePending(AppDbContext db, IConfiguration configuration, DateTime now)
    {
        var pending = db.Settings.SingleOrDefault(s => s.Key == PendingKey);
        if (pending is not null && Parse(pending) is { } next && next.Validate().Count == 0)
        {
            var current = db.Settings.SingleOrDefault(s => s.Key == Key);
            var before = current?.Json;
            if (current is null)
                db.Settings.Add(new SettingRecord { Key = Key, Json = pending.Json, UpdatedAt = now });
            else
            {
                current.Json = pending.Json;
                current.UpdatedAt = now;
            }
            db.Settings.Remove(pending);
            Settings.AuditLog.Add(db, now, "system", "parameters.applied", Key, before, pending.Json);
            return WithOverride(next, configuration);
        }
        return Load(db, configuration);
    }

    /// <summary><c>Epochs:Length</c> in configuration (e.g. "00:02:00" for demos) overrides the stored length.</summary>
    public static EpochParameters WithOverride(EpochParameters parameters, IConfiguration configuration) =>
        TimeSpan.TryParse(configuration["Epochs:Length"], System.Globalization.CultureInfo.InvariantCulture, out var length) && length > TimeSpan.Zero
            ? parameters with { Length = length }
            : parameters;

    private static EpochParameters? Parse(SettingRecord? row)
    {
        if (row is null)
            return null;
        try
        {
            var parameters = JsonSerializer.Deserialize<EpochParameters>(row.Json, Json);
            return parameters is not null && parameters.Validate().Count == 0 ? parameters : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
