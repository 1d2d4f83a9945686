using Microsoft.Extensions.Logging;
using XpFlywheel.Core.Economy;
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
        var settings = await store.GetAsync(TierSettings.Key, TierSettings.Default, cancellationToken);
        var schedule = settings.ToSchedule();
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
