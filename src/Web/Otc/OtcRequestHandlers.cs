using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Otc;

/// <summary>
/// Handlers of requests for quote, quotes and acceptances. Quotes hold nothing: they are firm for the quote lifetime,
/// and an acceptance settles only if both sides still have the funds at that moment, otherwise nothing moves.
/// </summary>
internal static class OtcRequestHandlers
{
    /// <summary>Applies <see cref="RequestOtcQuotes"/>: opens a request for the OTC request lifetime.</summary>
    public static EconomyResult<OtcRequestView> Request(ExchangeSession session, RequestOtcQuotes c)
    {
        if (session.Engine.IsHalted)
            return OtcErrors.Halted;
        if (!Enum.IsDefined(c.Side))
            return new EconomyError(OtcErrors.InvalidSide, "Pick buy or sell.", "side");
        if (c.Quantity is < 1 or > OtcRules.MaxQuantity)
            return OtcErrors.From(OtcRefusal.InvalidQuantity, default, null, 0);
        if (Unpayable(session, c) is { } unpayable)
            return unpayable;
        var now = session.Now;
        if (session.Db.OtcRequests.Count(r => r.OperatorId == c.OperatorId && r.Status == OtcRequestStatus.Open && r.ExpiresAt > now) >= OtcRules.MaxOpenRequests)
            return OtcErrors.OpenRequestsFull;
        var row = new OtcRequestRecord
        {
            OperatorId = c.OperatorId, Side = (int)c.Side, Quantity = c.Quantity, Status = OtcRequestStatus.Open,
            CreatedAt = session.Now, ExpiresAt = session.Now + session.Parameters.Desk.RfqLifetime,
        };
        session.Db.OtcRequests.Add(row);
        session.Db.SaveChanges();
        session.PublishAfterCommit(new OtcChanged());
        return EconomyResult<OtcRequestView>.Ok(OtcRequestView.From(row, session.Now));
    }

    /// <summary>
    /// A request no quote could ever settle: a sell of more XP than the asker has available, or a buy the asker cannot
    /// pay for even at the lowest price the band allows (with the taker fee). Quotes are firm and cost the quoters work,
    /// so such a request is refused at once instead of failing every acceptance.
    /// </summary>
    private static EconomyError? Unpayable(ExchangeSession session, RequestOtcQuotes c)
    {
        var ledger = session.Ledger;
        if (c.Side == Side.Sell)
        {
            var xp = ledger.Balance(AccountId.XpAvailable(c.OperatorId));
            return xp < c.Quantity ? OtcErrors.Short(false, xp, c.Quantity) : null;
        }
        if (session.Engine.ReferencePrice is not { Ticks: > 0 } reference)
            return null;
        var desk = session.Parameters.Desk;
        var lowest = new Price(Math.Max(1, reference.Ticks - reference.Ticks * desk.BandBps / 10_000));
        var fill = OtcRules.Fill(0, c.OperatorId, Side.Sell, lowest, c.Quantity, desk);
        var needed = fill.NotionalMicros + fill.TakerFeeMicros;
        var cash = ledger.Balance(AccountId.CashAvailable(c.OperatorId));
        return cash < needed ? OtcErrors.Short(true, cash, needed) : null;
    }

    /// <summary>
    /// Applies <see cref="QuoteOtcRequest"/>: a firm price from another operator who has the funds now; it replaces
    /// the quoter's earlier quote on the same request.
    /// </summary>
    public static EconomyResult<OtcQuoteView> Quote(ExchangeSession session, QuoteOtcRequest c)
    {
        if (session.Engine.IsHalted)
            return OtcErrors.Halted;
        var db = session.Db;
        var request = db.OtcRequests.Find(c.RequestId);
        if (request is null)
            return new EconomyError(OtcErrors.RequestNotFound, "There is no request with that id.");
        if (request.Status != OtcRequestStatus.Open || request.ExpiresAt <= session.Now)
            // Another's closed request reads as no request at all, as GET /otc/requests/{id} answers it.
            return request.OperatorId == c.OperatorId
                ? new EconomyError(OtcErrors.RequestClosed, "That request is no longer open.")
                : new EconomyError(OtcErrors.RequestNotFound, "There is no open request with that id.");
        var desk = session.Parameters.Desk;
        var price = new Price(c.PriceTicks);
        var reference = session.Engine.ReferencePrice;
        var refusal = request.OperatorId == c.OperatorId ? OtcRefusal.SelfDealing : OtcRules.CheckPrice(price, reference, desk);
        if (refusal != OtcRefusal.None)
            return OtcErrors.From(refusal, price, reference, desk.BandBps);
        var quoterSide = (Side)request.Side == Side.Buy ? Side.Sell : Side.Buy;
        var fill = OtcRules.Fill(c.OperatorId, request.OperatorId, quoterSide, price, request.Quantity, desk);
        if (Shortfall(session.Ledger, fill, c.OperatorId) is { } short_)
            return short_;

        foreach (var earlier in db.OtcQuotes.Where(q => q.RequestId == request.Id && q.OperatorId == c.OperatorId && q.Status == OtcQuoteStatus.Open))
            earlier.Status = OtcQuoteStatus.Closed;
        var row = new OtcQuoteRecord
        {
            RequestId = request.Id, OperatorId = c.OperatorId, PriceTicks = c.PriceTicks, Status = OtcQuoteStatus.Open,
            CreatedAt = session.Now, ExpiresAt = session.Now + desk.QuoteLifetime,
        };
        db.OtcQuotes.Add(row);
        db.SaveChanges();
        var view = OtcQuoteView.From(row, session.Now);
        session.PublishAfterCommit(new OtcQuoted(request.OperatorId, view, request.Quantity));
        session.PublishAfterCommit(new OtcChanged());
        return EconomyResult<OtcQuoteView>.Ok(view);
    }

    /// <summary>
    /// Applies <see cref="AcceptOtcQuote"/>: the requester takes a firm quote. Settles atomically when both sides still
    /// have the funds and the price is still in the band; otherwise it is refused with the reason and nothing moves.
    /// </summary>
    public static EconomyResult<OtcTradeView> Accept(ExchangeSession session, AcceptOtcQuote c)
    {
        if (session.Engine.IsHalted)
            return OtcErrors.Halted;
        var db = session.Db;
        var quote = db.OtcQuotes.Find(c.QuoteId);
        var request = quote is null ? null : db.OtcRequests.Find(quote.RequestId);
        // Quotes are the requester's and the quoter's alone: to anyone else they do not exist.
        if (quote is null || request is null || request.OperatorId != c.OperatorId)
            return new EconomyError(OtcErrors.QuoteNotFound, "You have no quote with that id.");
        if (request.Status != OtcRequestStatus.Open || request.ExpiresAt <= session.Now)
            return new EconomyError(OtcErrors.RequestClosed, "That request is no longer open.");
        if (quote.Status == OtcQuoteStatus.Closed && quote.ExpiresAt > session.Now
            && db.OtcQuotes.Where(q => q.RequestId == quote.RequestId && q.OperatorId == quote.OperatorId && q.Id > quote.Id)
                .OrderByDescending(q => q.Id).Select(q => (long?)q.Id).FirstOrDefault() is { } newer)
            return new EconomyError(OtcErrors.QuoteReplaced,
                $"That quote was replaced by the same quoter's newer quote #{newer} on this request (a quoter has one firm quote per request): accept that one or another.");
        if (quote.Status != OtcQuoteStatus.Open || quote.ExpiresAt <= session.Now)
            return new EconomyError(OtcErrors.QuoteExpired, "That quote is no longer firm (it expired): ask again or accept another.");
        var desk = session.Parameters.Desk;
        var price = new Price(quote.PriceTicks);
        var reference = session.Engine.ReferencePrice;
        var refusal = quote.OperatorId == c.OperatorId ? OtcRefusal.SelfDealing : OtcRules.CheckPrice(price, reference, desk);
        if (refusal != OtcRefusal.None)
            return OtcErrors.From(refusal, price, reference, desk.BandBps);
        var quoterSide = (Side)request.Side == Side.Buy ? Side.Sell : Side.Buy;
        var fill = OtcRules.Fill(quote.OperatorId, c.OperatorId, quoterSide, price, request.Quantity, desk);
        if (Shortfall(session.Ledger, fill, c.OperatorId) is { } mine)
            return mine;
        if (Shortfall(session.Ledger, fill, quote.OperatorId) is not null)
            return new EconomyError(OtcErrors.CounterpartyShort,
                $"The quoter no longer has the {(quoterSide == Side.Sell ? "XP" : "cash")} to settle this quote; nothing moved. Accept another quote or ask again.");

        OtcHandlers.Require(session.Ledger.SettleOtcQuote(fill, quote.Id), quote.Id);
        quote.Status = OtcQuoteStatus.Accepted;
        request.AcceptedQuoteId = quote.Id;
        CloseRequest(session, request, OtcRequestStatus.Accepted);
        var trade = OtcTrades.Record(session, fill, offerId: null, quoteId: quote.Id, isPrivate: false);
        return EconomyResult<OtcTradeView>.Ok(trade);
    }

    /// <summary>Applies <see cref="CancelOtcRequest"/>: the requester withdraws; its quotes lapse.</summary>
    public static EconomyResult<OtcRequestView> CancelRequest(ExchangeSession session, CancelOtcRequest c)
    {
        var request = session.Db.OtcRequests.Find(c.RequestId);
        if (request is null || request.OperatorId != c.OperatorId)
            return new EconomyError(OtcErrors.RequestNotFound, "You have no request with that id.");
        if (request.Status != OtcRequestStatus.Open)
            return new EconomyError(OtcErrors.RequestClosed, "That request is no longer open.");
        // Past its expiry the request has already ended: the cancel closes it as the desk's sweep would, as expired.
        CloseRequest(session, request, request.ExpiresAt <= session.Now ? OtcRequestStatus.Expired : OtcRequestStatus.Cancelled);
        session.PublishAfterCommit(new OtcChanged());
        return EconomyResult<OtcRequestView>.Ok(OtcRequestView.From(request, session.Now));
    }

    /// <summary>Closes a request and every quote on it still open (an accepted quote keeps its status).</summary>
    internal static void CloseRequest(ExchangeSession session, OtcRequestRecord request, OtcRequestStatus status)
    {
        request.Status = status;
        request.ClosedAt = session.Now;
        var db = session.Db;
        db.SaveChanges();
        foreach (var quote in db.OtcQuotes.Where(q => q.RequestId == request.Id && q.Status == OtcQuoteStatus.Open).ToList())
            quote.Status = OtcQuoteStatus.Closed;
    }

    // What one side of a quote's fill would lack at this moment, as a refusal for that side; null when it has the funds.
    private static EconomyError? Shortfall(AccountLedger ledger, OtcFill fill, long operatorId)
    {
        var isMaker = operatorId == fill.MakerId;
        var fee = isMaker ? fill.MakerFeeMicros : fill.TakerFeeMicros;
        if (operatorId == fill.SellerId)
        {
            var xp = ledger.Balance(AccountId.XpAvailable(operatorId));
            return xp < fill.Quantity ? OtcErrors.Short(false, xp, fill.Quantity) : null;
        }
        var cash = ledger.Balance(AccountId.CashAvailable(operatorId));
        return cash < fill.NotionalMicros + fee ? OtcErrors.Short(true, cash, fill.NotionalMicros + fee) : null;
    }
}
