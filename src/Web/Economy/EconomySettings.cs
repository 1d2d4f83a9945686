using Microsoft.Extensions.Logging;
using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Settings;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Reads the tier table and lock policy from the settings store. A stored table that no longer passes validation
/// falls back to the spec's defaults (and says so in the log) rather than charging fees from a broken table.
/// </summary>
public sealed class EconomySettings(SettingsStore store, ILogger<EconomySettings> logger)
{
    public async Task<FeeSchedule> ScheduleAsync(CancellationToken cancellationToken = default)
    {
        // The admin console stores the table as a TierTable under "tiers"; the core checks it again here.
        var table = await store.GetAsync(TierTable.Key, TierTable.Default, cancellationToken);
        var schedule = FeeSchedule.Create(table.Tiers, TimeSpan.FromDays(table.WindowDays));
        if (schedule.IsValid)
            return schedule.Value!;
        logger.LogWarning("The stored tier table is invalid ({Errors}); using the default table", string.Join(" ", schedule.Errors));
        return FeeSchedule.Default;
    }

    public async Task<LockPolicy> LockPolicyAsync(CancellationToken cancellationToken = default)
    {
        var policy = (await store.GetAsync(LockSettings.Key, LockSettings.Default, cancellationToken)).ToPolicy();
        return policy.Validate().Count == 0 ? policy : LockPolicy.Default;
    }
}
