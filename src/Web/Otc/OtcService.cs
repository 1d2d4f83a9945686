using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Otc;

/// <summary>
/// The OTC desk for pages, the API and the demo: every change is a command on the single writer (see
/// <see cref="OtcHandlers"/> and <see cref="OtcRequestHandlers"/>); reads come from the committed rows. What each
/// operator may see is decided here: private offers only by their two sides, quotes only by requester and quoter.
/// </summary>
public sealed class OtcService(ExchangeHost host, IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The most rows a list returns.</summary>
    public const int MaxRows = 200;

    public Task<EconomyResult<OtcOfferView>> PostOfferAsync(long operatorId, Side side, long priceTicks, long quantity, long minimumFill,
        DateTime expiresAt, long? counterpartyId, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        host.SubmitAsync<EconomyResult<OtcOfferView>>(new PostOtcOffer(operatorId, side, priceTicks, quantity, minimumFill, expiresAt.ToUniversalTime(), counterpartyId)
        { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);

    public Task<EconomyResult<OtcOfferView>> CancelOfferAsync(long operatorId, long offerId, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        host.SubmitAsync<EconomyResult<OtcOfferView>>(new CancelOtcOffer(operatorId, offerId) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);

    /// <remarks>A quantity out of range (below 1 or above <see cref="OtcRules.MaxQuantity"/>) is refused as invalid input
    /// before the offer is looked up, as every malformed value is, so its answer never depends on which offers exist.</remarks>
    public Task<EconomyResult<OtcTradeView>> TakeOfferAsync(long operatorId, long offerId, long quantity, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        if (quantity is < 1 or > OtcRules.MaxQuantity)
            return Task.FromResult<EconomyResult<OtcTradeView>>(OtcErrors.QuantityOutOfRange);
        return host.SubmitAsync<EconomyResult<OtcTradeView>>(new TakeOtcOffer(operatorId, offerId, quantity) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);
    }

    public Task<EconomyResult<OtcRequestView>> RequestQuotesAsync(long operatorId, Side side, long quantity, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        host.SubmitAsync<EconomyResult<OtcRequestView>>(new RequestOtcQuotes(operatorId, side, quantity) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);

    public Task<EconomyResult<OtcQuoteView>> QuoteAsync(long operatorId, long requestId, long priceTicks, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        host.SubmitAsync<EconomyResult<OtcQuoteView>>(new QuoteOtcRequest(operatorId, requestId, priceTicks) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);

    public Task<EconomyResult<OtcTradeView>> AcceptQuoteAsync(long operatorId, long quoteId, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        host.SubmitAsync<EconomyResult<OtcTradeView>>(new AcceptOtcQuote(operatorId, quoteId) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);

    public Task<EconomyResult<OtcRequestView>> CancelRequestAsync(long operatorId, long requestId, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        host.SubmitAsync<EconomyResult<OtcRequestView>>(new CancelOtcRequest(operatorId, requestId) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);

    /// <summary>
    /// Open offers <paramref name="viewerId"/> may see and take, the first <see cref="MaxRows"/> in the order of
    /// <see cref="OpenOffersPageAsync"/>. Null viewer: public offers only.
    /// </summary>
    public Task<IReadOnlyList<OtcOfferView>> OpenOffersAsync(long? viewerId, CancellationToken cancellationToken = default) =>
        OpenOffersPageAsync(viewerId, side: null, skip: 0, limit: MaxRows, cancellationToken);

    /// <summary>
    /// A page of the open offers <paramref name="viewerId"/> may see and take (public ones of others and private ones
    /// naming the viewer): buy offers before sell offers, each side best price for the taker first (buys highest,
    /// sells lowest), then oldest first, as a book's levels are ordered. <paramref name="side"/> keeps one side;
    /// <paramref name="skip"/> rows are passed over and at most <paramref name="limit"/> (1..<see cref="MaxRows"/>) read.
    /// </summary>
    public async Task<IReadOnlyList<OtcOfferView>> OpenOffersPageAsync(long? viewerId, Side? side, int skip, int limit, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sideValue = side is { } s ? (int?)s : null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.OtcOffers.AsNoTracking()
            .Where(o => o.Status == OtcOfferStatus.Open && o.ExpiresAt > now && o.OperatorId != viewerId
                && (o.CounterpartyId == null || o.CounterpartyId == viewerId) && (sideValue == null || o.Side == sideValue))
            .OrderBy(o => o.Side).ThenBy(o => o.Side == (int)Side.Buy ? -o.PriceTicks : o.PriceTicks).ThenBy(o => o.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(limit, 1, MaxRows)).ToListAsync(cancellationToken);
        return [.. rows.Select(r => OtcOfferView.From(r, now))];
    }

    /// <summary>
    /// One offer as <paramref name="viewerId"/> may see it: any of its own, or one open to it (public, or private naming
    /// it); null otherwise, so another's private or closed offer reads as no offer at all.
    /// </summary>
    public async Task<OtcOfferView?> FindOfferAsync(long viewerId, long offerId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.OtcOffers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == offerId
            && (o.OperatorId == viewerId || o.Status == OtcOfferStatus.Open && o.ExpiresAt > now && (o.CounterpartyId == null || o.CounterpartyId == viewerId)), cancellationToken);
        return row is null ? null : OtcOfferView.From(row, now);
    }

    /// <summary>The operator's own offers, open ones first, newest first.</summary>
    public async Task<IReadOnlyList<OtcOfferView>> MyOffersAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.OtcOffers.AsNoTracking().Where(o => o.OperatorId == operatorId)
            .OrderBy(o => o.Status).ThenByDescending(o => o.Id).Take(MaxRows).ToListAsync(cancellationToken);
        return [.. rows.Select(r => OtcOfferView.From(r, now))];
    }

    /// <summary>
    /// A page of the operator's own offers, newest first (the API's list): those with <paramref name="open"/> status
    /// when given (true: open and not yet expired by the desk; false: filled, cancelled or expired), at most
    /// <paramref name="limit"/> (1..<see cref="MaxRows"/>), with an id below <paramref name="before"/> when given.
    /// </summary>
    public async Task<IReadOnlyList<OtcOfferView>> MyOffersPageAsync(long operatorId, bool? open, long? before, int limit, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.OtcOffers.AsNoTracking()
            .Where(o => o.OperatorId == operatorId && (before == null || o.Id < before)
                && (open == null || (o.Status == OtcOfferStatus.Open && o.ExpiresAt > now) == open))
            .OrderByDescending(o => o.Id).Take(Math.Clamp(limit, 1, MaxRows)).ToListAsync(cancellationToken);
        return [.. rows.Select(r => OtcOfferView.From(r, now))];
    }

    /// <summary>
    /// A page of the operator's own requests with the quotes on each, newest first (the API's list): filtered and
    /// bounded as <see cref="MyOffersPageAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<(OtcRequestView Request, IReadOnlyList<OtcQuoteView> Quotes)>> MyRequestsPageAsync(long operatorId, bool? open, long? before, int limit,
        CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var requests = await db.OtcRequests.AsNoTracking()
            .Where(r => r.OperatorId == operatorId && (before == null || r.Id < before)
                && (open == null || (r.Status == OtcRequestStatus.Open && r.ExpiresAt > now) == open))
            .OrderByDescending(r => r.Id).Take(Math.Clamp(limit, 1, MaxRows)).ToListAsync(cancellationToken);
        return await WithQuotesAsync(db, requests, cancellationToken);
    }

    private async Task<IReadOnlyList<(OtcRequestView Request, IReadOnlyList<OtcQuoteView> Quotes)>> WithQuotesAsync(AppDbContext db, List<OtcRequestRecord> requests,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = requests.Select(r => r.Id).ToList();
        var quotes = await db.OtcQuotes.AsNoTracking().Where(q => ids.Contains(q.RequestId)).OrderBy(q => q.PriceTicks).ToListAsync(cancellationToken);
        var byRequest = quotes.ToLookup(q => q.RequestId);
        return [.. requests.Select(r => (OtcRequestView.From(r, now), (IReadOnlyList<OtcQuoteView>)[.. byRequest[r.Id].Select(q => OtcQuoteView.From(q, now))]))];
    }

    /// <summary>
    /// Open requests of other operators that <paramref name="viewerId"/> may quote (the requester's name is not shown),
    /// newest first: at most <paramref name="limit"/> (1..<see cref="MaxRows"/>), with an id below
    /// <paramref name="before"/> when given.
    /// </summary>
    public async Task<IReadOnlyList<OtcRequestView>> OpenRequestsAsync(long? viewerId, CancellationToken cancellationToken = default, long? before = null, int limit = MaxRows)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.OtcRequests.AsNoTracking()
            .Where(r => r.Status == OtcRequestStatus.Open && r.ExpiresAt > now && r.OperatorId != viewerId && (before == null || r.Id < before))
            .OrderByDescending(r => r.Id).Take(Math.Clamp(limit, 1, MaxRows)).ToListAsync(cancellationToken);
        return [.. rows.Select(r => OtcRequestView.From(r, now))];
    }

    /// <summary>The operator's own requests with the quotes on each, newest first.</summary>
    public async Task<IReadOnlyList<(OtcRequestView Request, IReadOnlyList<OtcQuoteView> Quotes)>> MyRequestsAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var requests = await db.OtcRequests.AsNoTracking().Where(r => r.OperatorId == operatorId)
            .OrderBy(r => r.Status).ThenByDescending(r => r.Id).Take(50).ToListAsync(cancellationToken);
        return await WithQuotesAsync(db, requests, cancellationToken);
    }

    /// <summary>
    /// One request as <paramref name="viewerId"/> may see it: its own, with every quote on it (<c>Mine</c> true), or
    /// another's while it is open to quote, anonymous and without quotes; null otherwise (as an unknown id).
    /// </summary>
    public async Task<(OtcRequestView Request, bool Mine, IReadOnlyList<OtcQuoteView> Quotes)?> FindRequestAsync(long viewerId, long requestId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.OtcRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId
            && (r.OperatorId == viewerId || r.Status == OtcRequestStatus.Open && r.ExpiresAt > now), cancellationToken);
        if (row is null)
            return null;
        if (row.OperatorId != viewerId)
            return (OtcRequestView.From(row, now), false, []);
        var quotes = await db.OtcQuotes.AsNoTracking().Where(q => q.RequestId == row.Id).OrderBy(q => q.PriceTicks).ToListAsync(cancellationToken);
        return (OtcRequestView.From(row, now), true, [.. quotes.Select(q => OtcQuoteView.From(q, now))]);
    }

    /// <summary>One OTC trade with its fees, if <paramref name="viewerId"/> is its maker or taker; null otherwise.</summary>
    public async Task<OtcTradeView?> FindTradeAsync(long viewerId, long tradeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.OtcTrades.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tradeId
            && (t.MakerOperatorId == viewerId || t.TakerOperatorId == viewerId), cancellationToken);
        return row is null ? null : OtcTradeView.From(row);
    }

    /// <summary>
    /// The quotes the operator gave, newest first: at most <paramref name="limit"/> (1..<see cref="MaxRows"/>), those
    /// with an id below <paramref name="before"/> when given (the cursor for the next page is the last id read).
    /// </summary>
    public async Task<IReadOnlyList<OtcQuoteView>> MyQuotesAsync(long operatorId, CancellationToken cancellationToken = default, long? before = null, int limit = MaxRows)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.OtcQuotes.AsNoTracking().Where(q => q.OperatorId == operatorId && (before == null || q.Id < before))
            .OrderByDescending(q => q.Id).Take(Math.Clamp(limit, 1, MaxRows)).ToListAsync(cancellationToken);
        return [.. rows.Select(q => OtcQuoteView.From(q, now))];
    }

    /// <summary>One quote, if <paramref name="viewerId"/> is its requester or quoter; null otherwise.</summary>
    public async Task<OtcQuoteView?> QuoteForAsync(long viewerId, long quoteId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await (from q in db.OtcQuotes.AsNoTracking()
                         join r in db.OtcRequests on q.RequestId equals r.Id
                         where q.Id == quoteId && (q.OperatorId == viewerId || r.OperatorId == viewerId)
                         select q).SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : OtcQuoteView.From(row, now);
    }

    /// <summary>
    /// The OTC tape: trades of everyone, newest first (apart from the order book's tape), at most <paramref name="take"/>
    /// (1..<see cref="MaxRows"/>), those with an id below <paramref name="before"/> when given (the cursor for the next
    /// page is the last id read), so the whole history can be read.
    /// </summary>
    public async Task<IReadOnlyList<OtcTradeView>> TapeAsync(int take = 50, CancellationToken cancellationToken = default, long? before = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.OtcTrades.AsNoTracking();
        if (before is { } below)
            query = query.Where(t => t.Id < below);
        var rows = await query.OrderByDescending(t => t.Id).Take(Math.Clamp(take, 1, MaxRows)).ToListAsync(cancellationToken);
        return [.. rows.Select(OtcTradeView.From)];
    }

    /// <summary>
    /// The operator's OTC trades, newest first: at most <paramref name="limit"/> (1..<see cref="MaxRows"/>), those with
    /// an id below <paramref name="before"/> when given (the cursor for the next page is the last id read).
    /// </summary>
    public async Task<IReadOnlyList<OtcTradeView>> MyTradesAsync(long operatorId, CancellationToken cancellationToken = default, long? before = null, int limit = MaxRows)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.OtcTrades.AsNoTracking().Where(t => (t.MakerOperatorId == operatorId || t.TakerOperatorId == operatorId) && (before == null || t.Id < before))
            .OrderByDescending(t => t.Id).Take(Math.Clamp(limit, 1, MaxRows)).ToListAsync(cancellationToken);
        return [.. rows.Select(OtcTradeView.From)];
    }

    /// <summary>
    /// Expires every offer and request whose time has passed, in batches; returns how many. The background service
    /// calls this on start (so what fell due while the app was down expires at once) and periodically.
    /// </summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken = default)
    {
        var expired = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var offers = await db.OtcOffers.AsNoTracking().Where(o => o.Status == OtcOfferStatus.Open && o.ExpiresAt <= now)
                .OrderBy(o => o.ExpiresAt).Select(o => o.Id).Take(500).ToListAsync(cancellationToken);
            var requests = await db.OtcRequests.AsNoTracking().Where(r => r.Status == OtcRequestStatus.Open && r.ExpiresAt <= now)
                .OrderBy(r => r.ExpiresAt).Select(r => r.Id).Take(500).ToListAsync(cancellationToken);
            if (offers.Count == 0 && requests.Count == 0)
                return expired;
            var count = await host.SubmitAsync<int>(new ExpireOtc(offers, requests) { By = Actor.System("otc") }, cancellationToken);
            expired += count;
            if (count == 0)
                return expired;
        }
    }
}
