using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Settings;

/// <summary>
/// Admin-changeable parameter sets (tier table, market, epochs, locks), stored as JSON rows and cached. Every
/// change is written to the audit log in the same transaction, with the value before and after.
/// </summary>
public sealed class SettingsStore(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, object> _cache = new();

    /// <summary>Raised after a change is committed, with the key that changed.</summary>
    public event Action<string>? Changed;

    public async Task<T> GetAsync<T>(string key, T fallback, CancellationToken cancellationToken = default) where T : class
    {
        if (_cache.TryGetValue(key, out var cached) && cached is T typed)
            return typed;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Settings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        var value = row is null ? fallback : JsonSerializer.Deserialize<T>(row.Json, Json) ?? fallback;
        _cache[key] = value;
        return value;
    }

    public async Task SetAsync<T>(string key, T value, string actor, CancellationToken cancellationToken = default) where T : class
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var json = JsonSerializer.Serialize(value, Json);
        var row = await db.Settings.SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        var before = row?.Json;
        if (row is null)
            db.Settings.Add(new SettingRecord { Key = key, Json = json, UpdatedAt = now });
        else
        {
            row.Json = json;
            row.UpdatedAt = now;
        }
        db.AuditLog.Add(new AuditEntry { At = now, Actor = actor, Action = "parameters.changed", Target = key, Before = before, After = json });
        await db.SaveChangesAsync(cancellationToken);
        _cache[key] = value;
        Changed?.Invoke(key);
    }
}
