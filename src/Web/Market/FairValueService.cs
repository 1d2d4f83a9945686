using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Market;

/// <summary>
/// The economics behind the price (SPEC §4, §8): each operator's break-even XP price from the burn calculator and the
/// rational range drawn on the chart. Volumes are successful provider jobs, self-dealing left out, plus the notional
/// of OTC trades on either side, over the same trailing window as the burns (the schedule's, 30 days by default). The range is cached briefly: it moves with jobs and OTC trades, not with the order book's trades,
/// and a change of the tier table or the earning cost recomputes it at once.
/// </summary>
public sealed class FairValueService(IDbContextFactory<AppDbContext> dbFactory, ParameterBoard parameters, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private CachedRange? _range;

    /// <summary>What earning one XP costs, in dollars per XP: the range's floor, the admin's market parameter ($0.01 by default).</summary>
    public decimal EarningCost => parameters.Current.Market.EarningCost.Dollars;

    public async Task<FairValue> ForOperatorAsync(long operatorId, IReadOnlyCollection<QuoteLevel> asks, Price fallbackPrice, CancellationToken cancellationToken = default)
    {
        // The admin's tier table, so the hint moves when the tiers do.
        var schedule = parameters.Current.Tiers;
        var positions = await PositionsAsync(schedule, operatorId, cancellationToken);
        var position = positions.TryGetValue(operatorId, out var found) ? found : new OperatorPosition(Cash.Zero, schedule.Tiers[0], Xp.Zero);
        if (position.MonthlyVolume == Cash.Zero)
            return new FairValue(Cash.Zero, position.CurrentTier, null, null, schedule.Window);
        var plan = BurnCalculator.Plan(schedule, position, asks, fallbackPrice);
        TierOption? best = null;
        foreach (var option in plan.Options)
        {
            if (option.Tier.FeeRate < position.CurrentTier.FeeRate && option.BreakEvenPrice is { } price && option.MonthlySaving > Cash.Zero
                && (best is null || price > best.BreakEvenPrice))
                best = option;
        }
        return new FairValue(position.MonthlyVolume, position.CurrentTier, best?.BreakEvenPrice, best?.Tier, schedule.Window);
    }

    public async Task<PriceRange> RationalRangeAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var current = parameters.Current;
        var earningCost = current.Market.EarningCost.Dollars;
        if (_range is { } cached && now - cached.At < CacheFor && cached.Tiers == current.Tiers && cached.EarningCost == earningCost)
            return cached.Range;
        var positions = await PositionsAsync(current.Tiers, null, cancellationToken);
        var range = RationalPriceRange.Compute(current.Tiers, positions.Values, earningCost);
        _range = new CachedRange(now, current.Tiers, earningCost, range);
        return range;
    }

    private async Task<Dictionary<long, OperatorPosition>> PositionsAsync(FeeSchedule schedule, long? onlyOperator, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var since = now.UtcDateTime - schedule.Window;
        var burnSince = since;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var jobs = db.Jobs.AsNoTracking().Where(j => j.At > since && j.Succeeded && !j.SelfDealing);
        var burns = db.Burns.AsNoTracking().Where(b => b.At > burnSince);
        if (onlyOperator is { } id)
        {
            jobs = jobs.Where(j => j.ProviderOperatorId == id);
            burns = burns.Where(b => b.OperatorId == id);
        }
        var volumes = (await jobs.GroupBy(j => j.ProviderOperatorId)
            .Select(g => new { Operator = g.Key, Volume = g.Sum(j => j.Amount) }).ToListAsync(cancellationToken))
            .ToDictionary(v => v.Operator, v => v.Volume);
        // OTC trades count toward the trailing volume on both sides (SPEC §8), as the tier page's calculator counts them
        // (OperatorTier.MonthlyVolumeAsync): one volume for the hint, the chart's ceiling and the calculator.
        var otc = db.OtcTrades.AsNoTracking().Where(t => t.At > since);
        var asMaker = await (onlyOperator is { } maker ? otc.Where(t => t.MakerOperatorId == maker) : otc)
            .GroupBy(t => t.MakerOperatorId).Select(g => new { Operator = g.Key, Volume = g.Sum(t => t.NotionalMicros) }).ToListAsync(cancellationToken);
        var asTaker = await (onlyOperator is { } taker ? otc.Where(t => t.TakerOperatorId == taker) : otc)
            .GroupBy(t => t.TakerOperatorId).Select(g => new { Operator = g.Key, Volume = g.Sum(t => t.NotionalMicros) }).ToListAsync(cancellationToken);
        foreach (var side in asMaker.Concat(asTaker))
            volumes[side.Operator] = volumes.GetValueOrDefault(side.Operator) + side.Volume;
        var burnRows = await burns.Select(b => new { b.OperatorId, b.Amount, b.At }).ToListAsync(cancellationToken);
        var burnsByOperator = burnRows.ToLookup(b => b.OperatorId, b => new XpBurn(new Xp(b.Amount), new DateTimeOffset(b.At, TimeSpan.Zero)));
        var positions = new Dictionary<long, OperatorPosition>();
        foreach (var (operatorId, volume) in volumes)
        {
            var operatorBurns = burnsByOperator[operatorId].ToArray();
            var burned = schedule.BurnedInWindow(operatorBurns, now);
            positions[operatorId] = new OperatorPosition(new Cash(volume), schedule.TierFor(burned), burned);
        }
        return positions;
    }

    // Swapped as one reference so readers on other circuits never see a torn pair.
    private sealed record CachedRange(DateTimeOffset At, FeeSchedule Tiers, decimal EarningCost, PriceRange Range);
}
