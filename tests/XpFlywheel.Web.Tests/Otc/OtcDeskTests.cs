using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Otc;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Economy;
using XpFlywheel.Web.Tests.Epochs;

namespace XpFlywheel.Web.Tests.Otc;

/// <summary>
/// The OTC desk end to end on the real writer: holds are exact on post, cancel, expiry and partial takes, settlement is
/// atomic, refusals move nothing, prices stay in the band, private offers and quotes are seen only by their sides.
/// </summary>
public sealed class OtcDeskTests : IDisposable
{
    private static readonly Price Reference = new(200);   // $0.0200
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly ClockedAppFactory _app;
    private readonly EconomyKit _kit;

    public OtcDeskTests()
    {
        _app = new ClockedAppFactory(_clock);
        _kit = new EconomyKit(_app.Services);
    }

    public void Dispose() => _app.Dispose();

    private OtcService Otc => _app.Services.GetRequiredService<OtcService>();

    private DateTime InOneHour => _clock.GetUtcNow().UtcDateTime.AddHours(1);

    private async Task<(long A, long B)> TwoOperatorsAsync()
    {
        await _kit.Host.ExecuteAsync(s => s.Engine.SetReferencePrice(Reference));
        return (await _kit.OperatorAsync(dollars: 1_000, xp: 100_000), await _kit.OperatorAsync(dollars: 1_000, xp: 100_000));
    }

    private Task<List<KeyValuePair<AccountId, long>>> BalancesAsync() => _kit.Host.ExecuteAsync(s => s.Ledger.Balances().ToList());

    [Fact]
    public async Task Posting_a_sell_offer_holds_exactly_its_xp_and_cancel_releases_it_exactly()
    {
        var (a, _) = await TwoOperatorsAsync();
        var before = await BalancesAsync();

        var offer = await Otc.PostOfferAsync(a, Side.Sell, 210, 5_000, 100, InOneHour, null);
        Assert.True(offer.Succeeded, offer.Message);
        Assert.Equal(5_000, await _kit.BalanceAsync(AccountId.OtcXpEscrow));
        Assert.Equal(95_000, await _kit.BalanceAsync(AccountId.XpAvailable(a)));
        Assert.Equal(5_000, offer.Value!.Held);

        var cancelled = await Otc.CancelOfferAsync(a, offer.Value.Id);
        Assert.True(cancelled.Succeeded, cancelled.Message);
        Assert.Equal(0, cancelled.Value!.Held);
        Assert.Equal(before, await BalancesAsync());
    }

    [Fact]
    public async Task Posting_a_buy_offer_holds_price_plus_the_largest_fee_and_expiry_releases_it_exactly()
    {
        var (a, _) = await TwoOperatorsAsync();
        var before = await BalancesAsync();

        var offer = await Otc.PostOfferAsync(a, Side.Buy, 190, 10_000, 1, _clock.GetUtcNow().UtcDateTime.AddMinutes(5), null);
        Assert.True(offer.Succeeded, offer.Message);
        var unit = OtcRules.BuyHoldPerXp(new Price(190), OtcParameters.Default);   // $0.019 + 0.10% = 19,019 micros
        Assert.Equal(19_019, unit);
        Assert.Equal(10_000 * unit, await _kit.BalanceAsync(AccountId.OtcCashEscrow));

        _clock.Advance(TimeSpan.FromMinutes(5));
        await Otc.ExpireDueAsync();   // the expirer service may have been first: either way one journaled command expired it
        Assert.Equal(before, await BalancesAsync());
        var mine = await Otc.MyOffersAsync(a);
        Assert.Equal(Data.Entities.OtcOfferStatus.Expired, mine.Single().Status);
        Assert.True(await _kit.DbAsync(db => db.Journal.AnyAsync(j => j.Type == "otc.expire")));
    }

    [Fact]
    public async Task A_partial_take_uses_exactly_its_share_of_the_hold_and_settles_both_sides_at_once()
    {
        var (a, b) = await TwoOperatorsAsync();
        var offer = (await Otc.PostOfferAsync(a, Side.Buy, 200, 1_000, 100, InOneHour, null)).Value!;
        var unit = OtcRules.BuyHoldPerXp(new Price(200), OtcParameters.Default);

        var trade = await Otc.TakeOfferAsync(b, offer.Id, 400);

        Assert.True(trade.Succeeded, trade.Message);
        var t = trade.Value!;
        Assert.Equal(8_000_000, t.Notional.Micros);            // 400 × $0.02
        Assert.Equal(0, t.MakerFee.Micros);                     // maker 0.00%
        Assert.Equal(8_000, t.TakerFee.Micros);                 // taker 0.10%
        Assert.Equal(600 * unit, await _kit.BalanceAsync(AccountId.OtcCashEscrow));
        Assert.Equal(100_400, await _kit.BalanceAsync(AccountId.XpAvailable(a)));
        Assert.Equal(99_600, await _kit.BalanceAsync(AccountId.XpAvailable(b)));
        Assert.Equal(1_000_000_000 - 1_000 * unit + (400 * unit - 8_000_000), await _kit.BalanceAsync(AccountId.CashAvailable(a)));
        Assert.Equal(1_000_000_000 + 8_000_000 - 8_000, await _kit.BalanceAsync(AccountId.CashAvailable(b)));
        Assert.Equal(8_000, await _kit.BalanceAsync(AccountId.Treasury));
        Assert.Equal(600, (await Otc.MyOffersAsync(a)).Single().Remaining);

        // The rest, then a cancel of nothing left: the escrow ends exactly empty.
        Assert.True((await Otc.TakeOfferAsync(b, offer.Id, 600)).Succeeded);
        Assert.Equal(0, await _kit.BalanceAsync(AccountId.OtcCashEscrow));
        Assert.Equal(Data.Entities.OtcOfferStatus.Filled, (await Otc.MyOffersAsync(a)).Single().Status);
        Assert.Null(await _kit.InvariantsAsync());
    }

    [Fact]
    public async Task A_take_below_the_minimum_fill_is_refused_and_nothing_moves()
    {
        var (a, b) = await TwoOperatorsAsync();
        var offer = (await Otc.PostOfferAsync(a, Side.Sell, 200, 1_000, 300, InOneHour, null)).Value!;
        var before = await BalancesAsync();

        var refused = await Otc.TakeOfferAsync(b, offer.Id, 299);

        Assert.Equal(OtcErrors.BelowMinimumFill, refused.Code);
        Assert.Equal(before, await BalancesAsync());
        Assert.True((await Otc.TakeOfferAsync(b, offer.Id, 300)).Succeeded);
    }

    [Fact]
    public async Task Self_dealing_is_refused_on_take_quote_and_named_counterparty()
    {
        var (a, _) = await TwoOperatorsAsync();
        var offer = (await Otc.PostOfferAsync(a, Side.Sell, 200, 1_000, 1, InOneHour, null)).Value!;
        var before = await BalancesAsync();

        Assert.Equal(OtcErrors.SelfDealing, (await Otc.TakeOfferAsync(a, offer.Id, 10)).Code);
        Assert.Equal(OtcErrors.SelfDealing, (await Otc.PostOfferAsync(a, Side.Sell, 200, 10, 1, InOneHour, a)).Code);
        var request = (await Otc.RequestQuotesAsync(a, Side.Buy, 100)).Value!;
        Assert.Equal(OtcErrors.SelfDealing, (await Otc.QuoteAsync(a, request.Id, 200)).Code);
        Assert.Equal(before, await BalancesAsync());
    }

    [Fact]
    public async Task Otc_prices_must_lie_within_the_band_an_admin_sets()
    {
        var (a, b) = await TwoOperatorsAsync();
        Assert.Equal(OtcErrors.OutsideBand, (await Otc.PostOfferAsync(a, Side.Sell, 301, 10, 1, InOneHour, null)).Code);
        Assert.Equal(OtcErrors.OutsideBand, (await Otc.PostOfferAsync(a, Side.Buy, 99, 10, 1, InOneHour, null)).Code);
        Assert.True((await Otc.PostOfferAsync(a, Side.Sell, 300, 10, 1, InOneHour, null)).Succeeded);

        var narrowed = await _kit.Host.SubmitAsync<Validated<ParameterSet>>(
            new SetOtcParameters(OtcParameters.Default with { BandBps = 1_000 }) { By = Actor.Admin("admin@test.local") });
        Assert.True(narrowed.IsValid);
        Assert.Equal(OtcErrors.OutsideBand, (await Otc.PostOfferAsync(a, Side.Sell, 221, 10, 1, InOneHour, null)).Code);
        // An offer posted under the wide band cannot be taken at a price today's band refuses.
        var open = (await Otc.OpenOffersAsync(b)).Single();
        Assert.Equal(OtcErrors.OutsideBand, (await Otc.TakeOfferAsync(b, open.Id, 10)).Code);
        Assert.Contains(await _kit.DbAsync(db => db.AuditLog.Select(e => e.Target).ToListAsync()), t => t == ParameterRows.OtcKey);
    }

    [Fact]
    public async Task Private_offers_are_invisible_to_others_and_only_their_counterparty_can_take_them()
    {
        var (a, b) = await TwoOperatorsAsync();
        var c = await _kit.OperatorAsync(dollars: 1_000, xp: 1_000);
        var offer = (await Otc.PostOfferAsync(a, Side.Sell, 200, 1_000, 1, InOneHour, b)).Value!;

        Assert.Empty(await Otc.OpenOffersAsync(c));
        Assert.Empty(await Otc.OpenOffersAsync(null));
        Assert.Single(await Otc.OpenOffersAsync(b));
        var before = await BalancesAsync();
        Assert.Equal(OtcErrors.OfferNotFound, (await Otc.TakeOfferAsync(c, offer.Id, 10)).Code);
        Assert.Equal(before, await BalancesAsync());
        Assert.True((await Otc.TakeOfferAsync(b, offer.Id, 10)).Succeeded);
    }

    [Fact]
    public async Task An_accepted_quote_settles_both_sides_and_the_fees_at_once()
    {
        var (a, b) = await TwoOperatorsAsync();
        var request = (await Otc.RequestQuotesAsync(a, Side.Buy, 2_000)).Value!;
        var quote = await Otc.QuoteAsync(b, request.Id, 205);
        Assert.True(quote.Succeeded, quote.Message);

        var trade = await Otc.AcceptQuoteAsync(a, quote.Value!.Id);

        Assert.True(trade.Succeeded, trade.Message);
        Assert.Equal(102_000, await _kit.BalanceAsync(AccountId.XpAvailable(a)));
        Assert.Equal(98_000, await _kit.BalanceAsync(AccountId.XpAvailable(b)));
        Assert.Equal(1_000_000_000 - 41_000_000 - 41_000, await _kit.BalanceAsync(AccountId.CashAvailable(a)));
        Assert.Equal(1_000_000_000 + 41_000_000, await _kit.BalanceAsync(AccountId.CashAvailable(b)));
        Assert.Equal(41_000, await _kit.BalanceAsync(AccountId.Treasury));
        Assert.Equal(Data.Entities.OtcRequestStatus.Accepted, (await Otc.MyRequestsAsync(a)).Single().Request.Status);
    }

    /// <summary>
    /// A request no quote could settle is refused at once and opens nothing: a sell of more XP than the asker has, or a
    /// buy the asker cannot pay even at the band's lowest price (±50% around $0.0200: $0.0100) plus the taker fee.
    /// </summary>
    [Fact]
    public async Task A_request_for_quote_the_asker_could_never_settle_is_refused_and_opens_nothing()
    {
        await _kit.Host.ExecuteAsync(s => s.Engine.SetReferencePrice(Reference));
        var asker = await _kit.OperatorAsync(dollars: 10, xp: 500);

        var sell = await Otc.RequestQuotesAsync(asker, Side.Sell, 501);
        // $10 buys at most 1,000 XP at $0.0100 with no fee left over: 1,000 XP needs $10.00 plus the taker fee.
        var buy = await Otc.RequestQuotesAsync(asker, Side.Buy, 1_000);

        Assert.Equal(EconomyErrors.InsufficientXp, sell.Code);
        Assert.Contains("You have 500 XP available", sell.Message);
        Assert.Equal(EconomyErrors.InsufficientCash, buy.Code);
        Assert.Empty(await _kit.DbAsync(db => db.OtcRequests.ToListAsync()));
        Assert.True((await Otc.RequestQuotesAsync(asker, Side.Sell, 500)).Succeeded);
        Assert.True((await Otc.RequestQuotesAsync(asker, Side.Buy, 990)).Succeeded);
    }

    /// <summary>Every open request asks every market maker for a quote, so one operator may have at most <see cref="OtcRules.MaxOpenRequests"/> open.</summary>
    [Fact]
    public async Task An_operator_may_have_at_most_the_cap_of_open_requests_and_one_more_after_one_closes()
    {
        var (a, _) = await TwoOperatorsAsync();
        var opened = new List<long>();
        for (var i = 0; i < OtcRules.MaxOpenRequests; i++)
            opened.Add((await Otc.RequestQuotesAsync(a, Side.Buy, 100)).Value!.Id);

        var refused = await Otc.RequestQuotesAsync(a, Side.Buy, 100);

        Assert.Equal(OtcErrors.TooManyOpenRequests, refused.Code);
        Assert.Equal(OtcRules.MaxOpenRequests, await _kit.DbAsync(db => db.OtcRequests.CountAsync()));
        Assert.True((await Otc.CancelRequestAsync(a, opened[0])).Succeeded);
        Assert.True((await Otc.RequestQuotesAsync(a, Side.Buy, 100)).Succeeded);
    }

    /// <summary>One operator may have at most <see cref="OtcRules.MaxOpenOffers"/> open offers, as the book caps resting orders.</summary>
    [Fact]
    public async Task An_operator_may_have_at_most_the_cap_of_open_offers_and_a_refused_one_holds_nothing()
    {
        var (a, _) = await TwoOperatorsAsync();
        for (var i = 0; i < OtcRules.MaxOpenOffers; i++)
            Assert.True((await Otc.PostOfferAsync(a, Side.Sell, 210, 1, 1, InOneHour, null)).Succeeded);
        var before = await BalancesAsync();

        var refused = await Otc.PostOfferAsync(a, Side.Sell, 210, 1, 1, InOneHour, null);

        Assert.Equal(OtcErrors.TooManyOpenOffers, refused.Code);
        Assert.Equal(before, await BalancesAsync());
        // Expired offers no longer count, even before the expirer has closed them.
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await Otc.PostOfferAsync(a, Side.Sell, 210, 1, 1, InOneHour, null)).Succeeded);
    }

    [Fact]
    public async Task While_trading_is_halted_the_desk_takes_no_offer_take_request_quote_or_acceptance_and_nothing_moves()
    {
        var (a, b) = await TwoOperatorsAsync();
        var offer = (await Otc.PostOfferAsync(a, Side.Sell, 210, 5_000, 100, InOneHour, null)).Value!;
        var request = (await Otc.RequestQuotesAsync(a, Side.Buy, 2_000)).Value!;
        var quote = (await Otc.QuoteAsync(b, request.Id, 205)).Value!;
        var trading = _app.Services.GetRequiredService<Web.Exchange.TradingService>();
        await trading.HaltAsync(Actor.Admin("admin@test.local"));
        var before = await BalancesAsync();

        var refused = new[]
        {
            (await Otc.PostOfferAsync(b, Side.Sell, 210, 1_000, 1, InOneHour, null)).Code,
            (await Otc.TakeOfferAsync(b, offer.Id, 1_000)).Code,
            (await Otc.RequestQuotesAsync(b, Side.Buy, 1_000)).Code,
            (await Otc.QuoteAsync(b, request.Id, 206)).Code,
            (await Otc.AcceptQuoteAsync(a, quote.Id)).Code,
        };

        Assert.All(refused, code => Assert.Equal(OtcErrors.MarketHalted, code));
        Assert.Equal(before, await BalancesAsync());
        // Cancels still work, as for orders.
        Assert.True((await Otc.CancelOfferAsync(a, offer.Id)).Succeeded);
    }

    [Fact]
    public async Task Accepting_a_quote_whose_quoter_no_longer_has_the_funds_is_refused_and_nothing_moves()
    {
        var (a, b) = await TwoOperatorsAsync();
        var request = (await Otc.RequestQuotesAsync(a, Side.Buy, 40_000)).Value!;
        var quote = (await Otc.QuoteAsync(b, request.Id, 200)).Value!;
        // The quoter's XP goes elsewhere after quoting (here into an offer's hold): quotes hold nothing.
        Assert.True((await Otc.PostOfferAsync(b, Side.Sell, 200, 70_000, 1, InOneHour, null)).Succeeded);
        var before = await BalancesAsync();

        var refused = await Otc.AcceptQuoteAsync(a, quote.Id);

        Assert.Equal(OtcErrors.CounterpartyShort, refused.Code);
        Assert.Contains("nothing moved", refused.Message);
        Assert.Equal(before, await BalancesAsync());
        Assert.Empty(await _kit.DbAsync(db => db.OtcTrades.ToListAsync()));
    }

    [Fact]
    public async Task An_expired_quote_cannot_be_accepted()
    {
        var (a, b) = await TwoOperatorsAsync();
        var request = (await Otc.RequestQuotesAsync(a, Side.Sell, 100)).Value!;
        var quote = (await Otc.QuoteAsync(b, request.Id, 195)).Value!;
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddSeconds(15), quote.ExpiresAt);

        _clock.Advance(TimeSpan.FromSeconds(15));
        var before = await BalancesAsync();
        Assert.Equal(OtcErrors.QuoteExpired, (await Otc.AcceptQuoteAsync(a, quote.Id)).Code);
        Assert.Equal(before, await BalancesAsync());
    }

    /// <summary>A quote its quoter replaced is refused as replaced, naming the newer one, not as expired while its time is still ahead.</summary>
    [Fact]
    public async Task A_replaced_quote_is_refused_as_replaced_naming_the_newer_one()
    {
        var (a, b) = await TwoOperatorsAsync();
        var request = (await Otc.RequestQuotesAsync(a, Side.Sell, 100)).Value!;
        var first = (await Otc.QuoteAsync(b, request.Id, 195)).Value!;
        var second = (await Otc.QuoteAsync(b, request.Id, 194)).Value!;
        var before = await BalancesAsync();

        var refused = await Otc.AcceptQuoteAsync(a, first.Id);

        Assert.Equal(OtcErrors.QuoteReplaced, refused.Code);
        Assert.Contains($"#{second.Id}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await BalancesAsync());
        Assert.Equal(OtcQuoteStatus.Closed, (await Otc.QuoteForAsync(a, first.Id))!.Status);
        Assert.True((await Otc.AcceptQuoteAsync(a, second.Id)).Succeeded);
    }

    /// <summary>
    /// From its expiry an offer or request reads as expired everywhere, though the desk's sweep has not closed it yet,
    /// and a cancel in between closes it as expired (releasing the hold), never as cancelled.
    /// </summary>
    [Fact]
    public async Task An_offer_or_request_past_its_expiry_reads_as_expired_and_a_cancel_closes_it_as_expired()
    {
        var (a, b) = await TwoOperatorsAsync();
        // The operator's own accounts and the desk's escrow (a moved clock may run the epoch's emission elsewhere).
        Task<List<KeyValuePair<AccountId, long>>> MineAsync() => _kit.Host.ExecuteAsync(s => s.Ledger.Balances()
            .Where(b => b.Key.Owner == a || b.Key == AccountId.OtcXpEscrow || b.Key == AccountId.OtcCashEscrow).ToList());
        var before = await MineAsync();
        var offer = (await Otc.PostOfferAsync(a, Side.Sell, 200, 500, 1, _clock.GetUtcNow().UtcDateTime.AddMinutes(5), null)).Value!;
        var request = (await Otc.RequestQuotesAsync(a, Side.Sell, 100)).Value!;

        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(OtcOfferStatus.Expired, (await Otc.FindOfferAsync(a, offer.Id))!.Status);
        Assert.DoesNotContain(await Otc.MyOffersPageAsync(a, open: true, before: null, limit: 200), o => o.Id == offer.Id);
        Assert.Contains(await Otc.MyOffersPageAsync(a, open: false, before: null, limit: 200), o => o.Id == offer.Id);
        Assert.Equal(OtcRequestStatus.Expired, (await Otc.FindRequestAsync(a, request.Id))!.Value.Request.Status);
        Assert.Equal(OtcErrors.OfferNotFound, (await Otc.TakeOfferAsync(b, offer.Id, 10)).Code);
        // The desk's sweep (a background job) may close them first; either way they end expired, never cancelled.
        var cancelled = await Otc.CancelOfferAsync(a, offer.Id);
        Assert.True(cancelled.Succeeded ? cancelled.Value!.Status == OtcOfferStatus.Expired : cancelled.Message!.Contains("expired", StringComparison.Ordinal),
            cancelled.Message);
        var withdrawn = await Otc.CancelRequestAsync(a, request.Id);
        Assert.True(withdrawn.Succeeded ? withdrawn.Value!.Status == OtcRequestStatus.Expired : withdrawn.Code == OtcErrors.RequestClosed, withdrawn.Message);
        Assert.Equal(OtcOfferStatus.Expired, (await Otc.FindOfferAsync(a, offer.Id))!.Status);
        Assert.Equal(OtcRequestStatus.Expired, (await Otc.FindRequestAsync(a, request.Id))!.Value.Request.Status);
        Assert.Equal(before, await MineAsync());
    }

    [Fact]
    public async Task Quotes_are_visible_only_to_the_requester_and_the_quoter()
    {
        var (a, b) = await TwoOperatorsAsync();
        var c = await _kit.OperatorAsync(dollars: 1_000, xp: 1_000);
        var request = (await Otc.RequestQuotesAsync(a, Side.Buy, 100)).Value!;
        var quote = (await Otc.QuoteAsync(b, request.Id, 200)).Value!;

        Assert.NotNull(await Otc.QuoteForAsync(a, quote.Id));
        Assert.NotNull(await Otc.QuoteForAsync(b, quote.Id));
        Assert.Null(await Otc.QuoteForAsync(c, quote.Id));
        Assert.Empty((await Otc.MyRequestsAsync(c)));
        Assert.Empty(await Otc.MyQuotesAsync(c));
        Assert.Equal(OtcErrors.QuoteNotFound, (await Otc.AcceptQuoteAsync(c, quote.Id)).Code);
    }

    [Fact]
    public async Task Otc_trades_do_not_move_the_last_price_and_count_toward_30_day_volume()
    {
        var (a, b) = await TwoOperatorsAsync();
        var offer = (await Otc.PostOfferAsync(a, Side.Sell, 250, 1_000, 1, InOneHour, null)).Value!;
        Assert.True((await Otc.TakeOfferAsync(b, offer.Id, 1_000)).Succeeded);

        Assert.Equal(Reference, await _kit.Host.ExecuteAsync(s => s.Engine.LastTradePrice));
        Assert.Empty(await _kit.DbAsync(db => db.Trades.ToListAsync()));
        Assert.Single(await Otc.TapeAsync());
        Assert.Equal(new Cash(25_000_000), (await _kit.Tiers.OverviewAsync(a)).MonthlyVolume);
        Assert.Equal(new Cash(25_000_000), (await _kit.Tiers.OverviewAsync(b)).MonthlyVolume);
    }

    [Fact]
    public async Task Fills_and_quotes_notify_the_operators_they_concern()
    {
        var (a, b) = await TwoOperatorsAsync();
        var request = (await Otc.RequestQuotesAsync(a, Side.Buy, 100)).Value!;
        var quote = (await Otc.QuoteAsync(b, request.Id, 200)).Value!;
        Assert.True((await Otc.AcceptQuoteAsync(a, quote.Id)).Succeeded);

        var notifications = _app.Services.GetRequiredService<Web.Notifications.NotificationService>();
        for (var i = 0; i < 100 && (await notifications.LatestAsync(b)).Count == 0; i++)
            await Task.Delay(50);
        Assert.Contains(await notifications.LatestAsync(a), n => n.Kind == OtcNotifier.QuotedKind);
        Assert.Contains(await notifications.LatestAsync(a), n => n.Kind == OtcNotifier.FilledKind);
        Assert.Contains(await notifications.LatestAsync(b), n => n.Kind == OtcNotifier.FilledKind && n.Message.Contains("sold"));
    }
}
