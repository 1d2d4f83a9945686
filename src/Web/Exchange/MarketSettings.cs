using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Exchange;

/// <summary>The market's admin-changeable parameters (fees, band, self-trade mode), stored as a settings row.</summary>
public static class MarketSettings
{
    public const string Key = "market";

    // SettingsStore writes camelCase (web defaults); web defaults also read PascalCase rows.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<MarketParameters> LoadAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var row = await db.Settings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == Key, cancellationToken);
        if (row is null)
            return MarketParameters.Default;
        var parameters = JsonSerializer.Deserialize<MarketParameters>(row.Json, Json);
        return parameters is { IsValid: true } ? parameters : MarketParameters.Default;
    }
}
