using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Demo;

/// <summary>
/// Large operators (fleets) act on the burn calculator (SPEC §4): when it recommends a tier, the fleet burns the XP
/// it holds toward it, or buys the rest in slices, never paying more per XP than that tier's break-even price nor
/// sweeping past the protection band. Burns age out of the tier window, so a fleet that keeps its volume keeps
/// coming back: this is what fills every epoch's pool.
/// </summary>
internal sealed class DemoFleets(
    DemoOptions options,
    TradingService trading,
    BurnService burns,
    TierService tiers,
    ParameterBoard parameters,
    ExchangeFeed feed,
    IDbContextFactory<AppDbContext> dbFactory)
{
    private static readonly Cash TopUp = Cash.FromDollars(500_000m);

    public async Task ActAsync(DemoOperator fleet, CancellationToken cancellationToken)
    {
        var plan = await tiers.PlanAsync(fleet.OperatorId, cancellationToken: cancellationToken);
        if (plan.Recommended is not { XpNeeded.Units: > 0 } tier)
            return;
        var needed = tier.XpNeeded.Units;
        var wallet = await DemoWallet.ReadAsync(dbFactory, fleet.OperatorId, cancellationToken);
        // Burn what is on hand once it is a useful step (the pool's share comes back to fleets too), else buy.
        if (wallet.Xp >= Math.Min(needed, options.FleetMaxBuy))
        {
            await burns.BurnAsync(fleet.OperatorId, Math.Min(wallet.Xp, needed), cancellationToken);
            return;
        }

        var book = feed.Book;
        if (book.BestAsk is not { } bestAsk)
            return;
        var limit = bestAsk.Ticks + Math.Max(1, options.MakerLevels - 1);
        if (tier.BreakEvenPrice is { } breakEven)
            limit = Math.Min(limit, (long)Math.Floor(breakEven * Price.TicksPerDollar));
        limit = Math.Min(limit, DemoQuoting.Band(book, parameters.Current.Market).High);
        if (limit < bestAsk.Ticks)
            return;
        var quantity = Math.Min(needed - wallet.Xp, options.FleetMaxBuy);
        // Price × quantity plus a taker fee of at most 10%: deposit first rather than be refused.
        if (wallet.CashMicros < quantity * limit * Price.MicrosPerTick * 11 / 10)
            await trading.DepositAsync(fleet.OperatorId, TopUp, 0, cancellationToken, Core.Commands.Actor.System("demo"));
        await trading.PlaceAsync(fleet.OperatorId,
            new PlaceOrderRequest(Side.Buy, OrderType.Limit, DemoQuoting.Dollars(limit), quantity, TimeInForce.Ioc), cancellationToken);
    }
}
