using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// Ring detection for the open epoch (SPEC §7): the counted successful jobs so far as cash flows between operators,
/// searched by <see cref="RingDetector"/>, beside the allocation preview, and the admin's exclusions.
/// </summary>
public sealed class RingService(IDbContextFactory<AppDbContext> dbFactory, ParameterBoard parameters, ExchangeHost host, TimeProvider clock)
{
    /// <summary>
    /// The open epoch's rings and exclusions, with its allocation preview computed fresh (not the shared, briefly cached
    /// one) so an exclusion shows at once; null before epoch 1 exists.
    /// </summary>
    public async Task<RingReport?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var epoch = await db.Epochs.AsNoTracking().Where(e => e.Status == Data.Entities.EpochStatus.Open)
            .OrderBy(e => e.Number).FirstOrDefaultAsync(cancellationToken);
        if (epoch is null)
            return null;
        var set = parameters.Current;
        var rules = set.Rules;
        var min = rules.MinJobAmount.Micros;
        var now = clock.GetUtcNow().UtcDateTime;
        // Up to and including now: one microsecond on, the finest step every provider stores.
        var end = now < epoch.EndsAt ? now.AddTicks(TimeSpan.TicksPerMicrosecond) : epoch.EndsAt;
        var jobs = await db.Jobs.AsNoTracking()
            .Where(j => j.At >= epoch.StartsAt && j.At < end && j.Succeeded && !j.SelfDealing && j.Amount >= min)
            .Select(j => new { j.ClientOperatorId, j.ProviderOperatorId, j.Amount, j.At })
            .ToListAsync(cancellationToken);
        var flows = jobs.Select(j => new OperatorFlow(EpochData.OperatorKey(j.ClientOperatorId), EpochData.OperatorKey(j.ProviderOperatorId), new Cash(j.Amount), j.At));
        var rings = RingDetector.Find(flows, rules);
        var excluded = EpochExclusions.Ids(db, epoch.Number);
        var agents = await Task.Run(() => EpochData.Load(db, epoch.Number, end), cancellationToken);
        var preview = EpochAllocator.Allocate(new Xp(epoch.Pool), agents, set.Epoch, rules, EpochExclusions.Load(db, epoch.Number));
        var ids = rings.SelectMany(RingReport.Members).Concat(excluded).Distinct().ToArray();
        var names = await db.Wallets.AsNoTracking().Where(w => ids.Contains(w.Id))
            .Select(w => new { w.Id, w.User!.Email }).ToDictionaryAsync(w => w.Id, w => w.Email == null ? $"operator {w.Id}" : w.Email.Split('@', StringSplitOptions.None)[0], cancellationToken);
        return new RingReport(epoch.Number, rings, excluded, names, preview);
    }

    /// <summary>
    /// Replaces the open epoch's excluded operators (admins only; audited). With <paramref name="expected"/> (the set
    /// the change was made from), refused with <see cref="EpochExclusions.ChangedElsewhere"/> when the set is no longer that.
    /// </summary>
    public Task<Validated<long[]>> SetExclusionsAsync(string admin, long epochNumber, IReadOnlyList<long> operatorIds, CancellationToken cancellationToken = default,
        IReadOnlyList<long>? expected = null, string? address = null) =>
        host.SubmitAsync<Validated<long[]>>(new SetEpochExclusions(epochNumber, operatorIds) { By = Actor.Admin(admin, address), Expected = expected }, cancellationToken);
}
