using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Economy;

/// <summary>Reads an operator's burns in the tier window and its trailing volume: the inputs of its tier and of the calculator.</summary>
public static class OperatorTier
{
    /// <summary>The burns that can still count at <paramref name="now"/> (sync: for the single writer).</summary>
    public static IReadOnlyList<XpBurn> BurnsInWindow(AppDbContext db, long operatorId, DateTime now, TimeSpan window) =>
        [.. BurnsSince.For(db)(db, operatorId, now - window).Select(b => new XpBurn(new Xp(b.Amount), Utc(b.At)))];

    // Compiled: the writer asks on every recorded job, and a LINQ query re-parameterizes its tree on each call.
    private static readonly PerModel<Func<AppDbContext, long, DateTime, IEnumerable<BurnRecord>>> BurnsSince =
        new(() => EF.CompileQuery((AppDbContext db, long operatorId, DateTime from) => db.Burns.AsNoTracking().Where(b => b.OperatorId == operatorId && b.At > from)));

    public static async Task<IReadOnlyList<XpBurn>> BurnsInWindowAsync(AppDbContext db, long operatorId, DateTime now, TimeSpan window, CancellationToken cancellationToken)
    {
        var from = now - window;
        var rows = await db.Burns.AsNoTracking().Where(b => b.OperatorId == operatorId && b.At > from)
            .Select(b => new { b.Amount, b.At }).ToListAsync(cancellationToken);
        return [.. rows.Select(b => new XpBurn(new Xp(b.Amount), Utc(b.At)))];
    }

    /// <summary>The effective tier at <paramref name="now"/>, read on the writer so a job settles at the tier of that instant.</summary>
    public static FeeTier Effective(AppDbContext db, FeeSchedule schedule, long operatorId, DateTime now) =>
        schedule.EffectiveTier(BurnsInWindow(db, operatorId, now, schedule.Window), Utc(now));

    /// <summary>
    /// Cash processed as provider over the trailing tier window (30 days by default, SPEC §4): successful jobs,
    /// self-dealing excluded (SPEC §3), plus the notional of the operator's OTC trades on either side (README "OTC desk").
    /// The same window as the burns, so the saving the calculator sets against a
    /// burn is the saving of the time that burn counts, also when a demo shortens the window.
    /// </summary>
    public static async Task<Cash> MonthlyVolumeAsync(AppDbContext db, long operatorId, DateTime now, TimeSpan window, CancellationToken cancellationToken)
    {
        var from = now - window;
        var micros = await db.Jobs.AsNoTracking()
            .Where(j => j.ProviderOperatorId == operatorId && j.At > from && j.Succeeded && !j.SelfDealing)
            .SumAsync(j => (long?)j.Amount, cancellationToken);
        var otc = await db.OtcTrades.AsNoTracking()
            .Where(t => (t.MakerOperatorId == operatorId || t.TakerOperatorId == operatorId) && t.At > from)
            .SumAsync(t => (long?)t.NotionalMicros, cancellationToken);
        return new Cash((micros ?? 0) + (otc ?? 0));
    }

    public static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
