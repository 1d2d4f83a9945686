using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Demo;

/// <summary>
/// The market makers: every round each one withdraws its quotes and quotes both sides again, the same ladder for all
/// of them around one mid. The mid leans against their combined inventory (short of XP: quote higher, so small
/// operators sell to them and fleets buy less; long: quote lower), walks toward that price at most 1% a round, and
/// stays where every quote is inside the rational range (floor = earning cost, ceiling = best burn break-even) and
/// inside the protection band, so no quote is refused and none is irrational. A maker short of cash deposits more, as
/// a desk would fund itself; XP it only gets back by buying, with its bids.
/// </summary>
internal sealed class DemoMarketMakers(
    DemoOptions options,
    TradingService trading,
    FairValueService fairValue,
    ParameterBoard parameters,
    ExchangeFeed feed,
    IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>How far a full inventory skew moves the wanted price from <see cref="DemoOptions.FairPrice"/>: 30%.</summary>
    private const decimal SkewReach = 0.30m;

    /// <summary>The most the mid moves in one round, as a share of itself.</summary>
    private const decimal MaxStep = 0.01m;

    private static readonly Cash LowCash = Cash.FromDollars(20_000m);
    private static readonly Cash TopUp = Cash.FromDollars(100_000m);

    private decimal? _mid;

    /// <summary>The mid quoted last round, USD per XP; null before the first quote.</summary>
    public decimal? Mid => _mid;

    public async Task QuoteAsync(IReadOnlyList<DemoOperator> makers, CancellationToken cancellationToken)
    {
        if (makers.Count == 0)
            return;
        // Submitted together so the writer applies them as one batch, in this order.
        await Task.WhenAll(makers.Select(maker => trading.CancelAllAsync(maker.OperatorId, cancellationToken)));
        var wallets = new List<DemoWallet>(makers.Count);
        foreach (var maker in makers)
        {
            var wallet = await DemoWallet.ReadAsync(dbFactory, maker.OperatorId, cancellationToken);
            if (wallet.CashMicros < LowCash.Micros)
            {
                await trading.DepositAsync(maker.OperatorId, TopUp, 0, cancellationToken, Core.Commands.Actor.System("demo"));
                wallet = wallet with { CashMicros = wallet.CashMicros + TopUp.Micros };
            }
            wallets.Add(wallet);
        }

        var target = options.MakerInventory * makers.Count;
        var skew = target <= 0 ? 0m : Math.Clamp((decimal)(wallets.Sum(w => w.Xp) - target) / target, -1m, 1m);
        var mid = await NextMidAsync(skew, cancellationToken);

        var askSize = Size(1 + skew);
        var bidSize = Size(1 - skew);
        var quotes = new List<(long Operator, PlaceOrderRequest Order)>();
        for (var i = 0; i < makers.Count; i++)
            quotes.AddRange(Ladder(makers[i].OperatorId, wallets[i], mid, bidSize, askSize));
        await Task.WhenAll(quotes.Select(q => trading.PlaceAsync(q.Operator, q.Order, cancellationToken)));
    }

    private long Size(decimal factor) => Math.Max(1, (long)(options.MakerQuoteSize * Math.Clamp(factor, 0.2m, 2m)));

    /// <summary>The mid for this round in ticks: toward the skewed fair price, within the range and the band.</summary>
    private async Task<long> NextMidAsync(decimal skew, CancellationToken cancellationToken)
    {
        var book = feed.Book;
        var levels = Math.Max(1, options.MakerLevels);
        var wanted = options.FairPrice * (1 - SkewReach * skew);
        var mid = _mid ?? book.LastPrice?.Dollars ?? options.FairPrice;
        mid += Math.Clamp(wanted - mid, -mid * MaxStep, mid * MaxStep);

        var range = await fairValue.RationalRangeAsync(cancellationToken);
        var low = DemoQuoting.FloorTicks(range) + levels;
        var high = DemoQuoting.CeilingTicks(range) is { } ceiling ? Math.Max(low, ceiling - levels) : long.MaxValue;
        var (bandLow, bandHigh) = DemoQuoting.Band(book, parameters.Current.Market);
        // The band wins where the two disagree: a refused quote leaves that side empty, an edge quote does not.
        low = Math.Min(Math.Max(low, bandLow + levels), bandHigh - levels);
        high = Math.Max(Math.Min(high, bandHigh - levels), low);

        var ticks = Math.Clamp((long)Math.Round(mid * Price.TicksPerDollar), low, high);
        _mid = Math.Clamp(mid, DemoQuoting.Dollars(low), DemoQuoting.Dollars(high));
        return ticks;
    }

    /// <summary>Bids one tick apart below the mid and asks above it, each as large as the wallet still covers.</summary>
    private IEnumerable<(long Operator, PlaceOrderRequest Order)> Ladder(long operatorId, DemoWallet wallet, long mid, long bidSize, long askSize)
    {
        var levels = Math.Max(1, options.MakerLevels);
        var xpLeft = wallet.Xp;
        // Keep a tenth of the cash aside for the buy hold's fee reserve and rounding.
        var cashLeft = wallet.CashMicros * 9 / 10;
        for (var level = 1; level <= levels; level++)
        {
            var bid = mid - level;
            var bidQuantity = bid > 0 ? Math.Min(bidSize, cashLeft / (bid * Price.MicrosPerTick)) : 0;
            if (bidQuantity > 0)
            {
                yield return (operatorId, new PlaceOrderRequest(Side.Buy, OrderType.Limit, DemoQuoting.Dollars(bid), bidQuantity));
                cashLeft -= bidQuantity * bid * Price.MicrosPerTick;
            }
            var askQuantity = Math.Min(askSize, xpLeft);
            if (askQuantity > 0)
            {
                yield return (operatorId, new PlaceOrderRequest(Side.Sell, OrderType.Limit, DemoQuoting.Dollars(mid + level), askQuantity));
                xpLeft -= askQuantity;
            }
        }
    }
}
