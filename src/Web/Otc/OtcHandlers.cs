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
/// Handlers of the OTC offer commands and of OTC expiry, on the single writer: rows through the batch's context, value
/// through the ledger (offers hold in the OTC escrow accounts), rules from the core's <see cref="OtcRules"/>.
/// Refusals change nothing.
/// </summary>
internal static class OtcHandlers
{
    /// <summary>How far ahead an offer may expire.</summary>
    public static readonly TimeSpan MaxOfferLifetime = TimeSpan.FromDays(30);

    /// <summary>Applies <see cref="PostOtcOffer"/>: checks the terms and holds the XP, or the cash plus the largest fee.</summary>
    public static EconomyResult<OtcOfferView> Post(ExchangeSession session, PostOtcOffer c)
    {
        if (session.Engine.IsHalted)
            return OtcErrors.Halted;
        if (!Enum.IsDefined(c.Side))
            return new EconomyError(OtcErrors.InvalidSide, "Pick buy or sell.", "side");
        var desk = session.Parameters.Desk;
        var price = new Price(c.PriceTicks);
        var reference = session.Engine.ReferencePrice;
        var expires = DateTime.SpecifyKind(c.ExpiresAt, DateTimeKind.Utc);
        if (expires > session.Now + MaxOfferLifetime)
            return OtcErrors.From(OtcRefusal.InvalidExpiry, price, reference, desk.BandBps);
        var refusal = OtcRules.CheckOffer(c.OperatorId, price, c.Quantity, c.MinimumFill, expires, c.CounterpartyId, reference,
            session.Now, desk);
        if (refusal != OtcRefusal.None)
            return OtcErrors.From(refusal, price, reference, desk.BandBps);
        var db = session.Db;
        if (c.CounterpartyId is { } named && db.Wallets.Find(named) is null)
            return new EconomyError(OtcErrors.InvalidCounterparty, $"There is no operator {named}.", "counterparty");
        var now = session.Now;
        if (db.OtcOffers.Count(o => o.OperatorId == c.OperatorId && o.Status == OtcOfferStatus.Open && o.ExpiresAt > now) >= OtcRules.MaxOpenOffers)
            return OtcErrors.OpenOffersFull;

        var unit = OtcRules.UnitHold(c.Side, price, desk);
        var hold = checked(c.Quantity * unit);
        var account = c.Side == Side.Sell ? AccountId.XpAvailable(c.OperatorId) : AccountId.CashAvailable(c.OperatorId);
        var available = session.Ledger.Balance(account);
        if (available < hold)
            return OtcErrors.Short(c.Side == Side.Buy, available, hold);

        var row = new OtcOfferRecord
        {
            OperatorId = c.OperatorId, Side = (int)c.Side, PriceTicks = c.PriceTicks, Quantity = c.Quantity, Remaining = c.Quantity,
            MinimumFill = c.MinimumFill, UnitHold = unit, Held = hold, CounterpartyId = c.CounterpartyId, Status = OtcOfferStatus.Open,
            CreatedAt = session.Now, ExpiresAt = expires,
        };
        db.OtcOffers.Add(row);
        db.SaveChanges();
        Require(session.Ledger.HoldForOtc(c.OperatorId, c.Side, hold, row.Id), row.Id);
        session.PublishAfterCommit(new OtcChanged());
        return EconomyResult<OtcOfferView>.Ok(OtcOfferView.From(row, session.Now));
    }

    /// <summary>Applies <see cref="CancelOtcOffer"/>: the offer closes and releases exactly what it still holds.</summary>
    public static EconomyResult<OtcOfferView> Cancel(ExchangeSession session, CancelOtcOffer c)
    {
        var row = session.Db.OtcOffers.Find(c.OfferId);
        if (row is null || row.OperatorId != c.OperatorId)
            return new EconomyError(OtcErrors.OfferNotFound, "You have no offer with that id.");
        if (row.Status != OtcOfferStatus.Open)
            return new EconomyError(OtcErrors.OfferClosed, $"That offer is already {row.Status.ToString().ToLowerInvariant()}.");
        // Past its expiry the offer has already ended: the cancel closes it as the desk's sweep would, as expired,
        // releasing the same hold; its record never says cancelled for an offer that expired first.
        Close(session, row, row.ExpiresAt <= session.Now ? OtcOfferStatus.Expired : OtcOfferStatus.Cancelled);
        session.PublishAfterCommit(new OtcChanged());
        return EconomyResult<OtcOfferView>.Ok(OtcOfferView.From(row, session.Now));
    }

    /// <summary>
    /// Applies <see cref="TakeOtcOffer"/>: checks the take against the offer (minimum fill, what is left, private
    /// counterparty, self-dealing), the price against today's band, and the taker's funds, then settles both sides in
    /// one ledger transfer and records the trade.
    /// </summary>
    public static EconomyResult<OtcTradeView> Take(ExchangeSession session, TakeOtcOffer c)
    {
        if (session.Engine.IsHalted)
            return OtcErrors.Halted;
        var db = session.Db;
        var row = db.OtcOffers.Find(c.OfferId);
        // A private offer is invisible to everyone but its two sides: to others it does not exist.
        if (row is null || (row.CounterpartyId is { } named && named != c.OperatorId && row.OperatorId != c.OperatorId))
            return new EconomyError(OtcErrors.OfferNotFound, "There is no open offer with that id.");
        if (row.Status != OtcOfferStatus.Open || row.ExpiresAt <= session.Now)
            // Another's closed offer reads as no offer at all, as GET /otc/offers/{id} answers it; only its maker hears it closed.
            return row.OperatorId == c.OperatorId
                ? new EconomyError(OtcErrors.OfferClosed, row.Status == OtcOfferStatus.Open ? "That offer has expired." : "That offer is no longer open.")
                : new EconomyError(OtcErrors.OfferNotFound, "There is no open offer with that id.");
        var desk = session.Parameters.Desk;
        var price = new Price(row.PriceTicks);
        var reference = session.Engine.ReferencePrice;
        var refusal = OtcRules.CheckTake(row.OperatorId, row.CounterpartyId, row.Remaining, row.MinimumFill, c.OperatorId, c.Quantity);
        if (refusal == OtcRefusal.None)
            refusal = OtcRules.CheckPrice(price, reference, desk);
        if (refusal != OtcRefusal.None)
            return OtcErrors.From(refusal, price, reference, desk.BandBps);

        var makerSide = (Side)row.Side;
        var holdUsed = c.Quantity * row.UnitHold;
        var fill = OtcRules.Fill(row.OperatorId, c.OperatorId, makerSide, price, c.Quantity, desk);
        if (makerSide == Side.Buy)   // a buy offer never pays a maker fee beyond the reserve it holds
            fill = fill with { MakerFeeMicros = Math.Min(fill.MakerFeeMicros, holdUsed - fill.NotionalMicros) };
        var (account, required) = makerSide == Side.Sell
            ? (AccountId.CashAvailable(c.OperatorId), fill.NotionalMicros + fill.TakerFeeMicros)
            : (AccountId.XpAvailable(c.OperatorId), fill.Quantity);
        var available = session.Ledger.Balance(account);
        if (available < required)
            return OtcErrors.Short(makerSide == Side.Sell, available, required);

        Require(session.Ledger.SettleOtcOffer(fill, holdUsed, row.Id), row.Id);
        row.Remaining -= c.Quantity;
        row.Held -= holdUsed;
        if (row.Remaining == 0)
        {
            row.Status = OtcOfferStatus.Filled;
            row.ClosedAt = session.Now;
        }
        var trade = OtcTrades.Record(session, fill, offerId: row.Id, quoteId: null, isPrivate: row.CounterpartyId is not null);
        return EconomyResult<OtcTradeView>.Ok(trade);
    }

    /// <summary>Applies <see cref="ExpireOtc"/>: offers and requests listed and due at the command's time close; offers release their hold.</summary>
    public static int Expire(ExchangeSession session, ExpireOtc c)
    {
        var db = session.Db;
        var count = 0;
        foreach (var id in c.OfferIds)
        {
            // Re-checked on the writer: it may have been taken or cancelled since it was listed.
            if (db.OtcOffers.Find(id) is not { Status: OtcOfferStatus.Open } row || row.ExpiresAt > session.Now)
                continue;
            Close(session, row, OtcOfferStatus.Expired);
            count++;
        }
        foreach (var id in c.RequestIds)
        {
            if (db.OtcRequests.Find(id) is not { Status: OtcRequestStatus.Open } request || request.ExpiresAt > session.Now)
                continue;
            OtcRequestHandlers.CloseRequest(session, request, OtcRequestStatus.Expired);
            count++;
        }
        if (count > 0)
            session.PublishAfterCommit(new OtcChanged());
        return count;
    }

    private static void Close(ExchangeSession session, OtcOfferRecord row, OtcOfferStatus status)
    {
        Require(session.Ledger.ReleaseOtc(row.OperatorId, (Side)row.Side, row.Held, row.Id), row.Id);
        row.Held = 0;
        row.Status = status;
        row.ClosedAt = session.Now;
    }

    // A transfer checked beforehand that the ledger still refuses is a broken invariant, not a refusal.
    internal static void Require(TransferResult result, long reference)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"OTC {reference}: the ledger refused a checked transfer ({result.Error} on {result.Account}).");
    }
}
