using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Economy;

/// <summary>Fee tiers for pages and the API: the table, an operator's effective tier and lapse timeline, and the burn calculator.</summary>
public sealed class TierService(IDbContextFactory<AppDbContext> dbFactory, ParameterBoard parameters, ExchangeFeed feed, TimeProvider clock)
{
    /// <summary>The tier table in force (SPEC §4), as last committed by the writer.</summary>
    public FeeSchedule Schedule => parameters.Current.Tiers;

    public async Task<TierOverview> OverviewAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        var schedule = Schedule;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var burns = await OperatorTier.BurnsInWindowAsync(db, operatorId, now, schedule.Window, cancellationToken);
        var status = TierTimeline.Status(schedule, burns, OperatorTier.Utc(now));
        var volume = await OperatorTier.MonthlyVolumeAsync(db, operatorId, now, schedule.Window, cancellationToken);
        var available = await db.Wallets.AsNoTracking().Where(w => w.Id == operatorId).Select(w => w.XpAvailable).SingleOrDefaultAsync(cancellationToken);
        var agents = await db.Agents.CountAsync(a => a.OperatorId == operatorId && a.RetiredAt == null, cancellationToken);
        return new TierOverview(schedule, status, volume, available, agents);
    }

    /// <summary>The operator's effective tier now.</summary>
    public async Task<FeeTier> EffectiveTierAsync(long operatorId, CancellationToken cancellationToken = default) =>
        (await OverviewAsync(operatorId, cancellationToken)).Status.Current;

    /// <summary>
    /// The burn calculator (SPEC §4) for an operator: its trailing volume and burns, priced against the live asks.
    /// <paramref name="monthlyVolume"/> overrides the volume for what-if figures.
    /// </summary>
    public async Task<BurnPlan> PlanAsync(long operatorId, Cash? monthlyVolume = null, CancellationToken cancellationToken = default)
    {
        var overview = await OverviewAsync(operatorId, cancellationToken);
        return Plan(overview.Schedule, new OperatorPosition(monthlyVolume ?? overview.MonthlyVolume, overview.Status.Current, overview.Status.BurnedInWindow));
    }

    /// <summary>Prices <paramref name="position"/> against the current book.</summary>
    public BurnPlan Plan(FeeSchedule schedule, OperatorPosition position) =>
        BurnCalculator.Plan(schedule, position, Asks(feed.Book), FallbackPrice(feed.Book));

    public static IReadOnlyCollection<QuoteLevel> Asks(BookSnapshot book) => [.. book.Asks.Select(l => new QuoteLevel(l.Price, l.Quantity))];

    public static IReadOnlyCollection<QuoteLevel> Bids(BookSnapshot book) => [.. book.Bids.Select(l => new QuoteLevel(l.Price, l.Quantity))];

    /// <summary>
    /// The book's bids without <paramref name="own"/> (XP resting at each price, in 0.0001-dollar ticks, on the
    /// operator's own buy orders): an order never trades against its operator's own (SPEC §8, self-trade prevention),
    /// so a sale into the bids can only reach the others'.
    /// </summary>
    public static IReadOnlyCollection<QuoteLevel> BidsOfOthers(BookSnapshot book, IReadOnlyDictionary<long, long> own) =>
        [.. book.Bids.Select(l => new QuoteLevel(l.Price, new Xp(Math.Max(0, l.Quantity.Units - own.GetValueOrDefault(l.Price.Ticks)))))
            .Where(l => l.Quantity > Xp.Zero)];

    /// <summary>
    /// The price for XP the visible book cannot supply: the last trade, else the reference, else the best ask, else the
    /// earning cost per XP in force (<see cref="Core.Matching.MarketParameters.EarningCostTicks"/>) — an estimate the calculator flags as such.
    /// </summary>
    public Price FallbackPrice(BookSnapshot book) =>
        book.LastPrice ?? book.ReferencePrice ?? book.BestAsk ?? parameters.Current.Market.EarningCost;
}
