using System.Text.Json.Serialization;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Otc;

namespace XpFlywheel.Web.Api;

// The OTC desk as programs see it. Prices and cash are decimal dollars, XP whole units, times UTC.

/// <summary>Post an offer: side "buy" or "sell", a fixed price, quantity and minimum fill in XP, an expiry (an ISO 8601 time with its offset, or Unix milliseconds; at most 30 days ahead), and optionally the one operator who may take it.</summary>
public sealed record PostOtcOfferBody([property: System.ComponentModel.DataAnnotations.Required] string? Side,
    [property: System.ComponentModel.DataAnnotations.Required, JsonConverter(typeof(DollarsConverter))] decimal? Price,
    [property: JsonRequired, JsonConverter(typeof(WholeUnitsConverter))] long Quantity,
    [property: JsonConverter(typeof(MinimumFillConverter))] long? MinimumFill,
    [property: System.ComponentModel.DataAnnotations.Required, JsonConverter(typeof(UtcInstantConverter))] DateTime? ExpiresAt, [property: JsonConverter(typeof(CounterpartyConverter))] long? CounterpartyId);

/// <summary>Take part or all of an offer (at least its minimum fill, or all that is left).</summary>
public sealed record TakeOtcOfferBody([property: JsonRequired, JsonConverter(typeof(WholeUnitsConverter))] long Quantity);

/// <summary>Ask for quotes: side "buy" or "sell" (yours) and the quantity in XP.</summary>
public sealed record RequestOtcQuotesBody([property: System.ComponentModel.DataAnnotations.Required] string? Side,
    [property: JsonRequired, JsonConverter(typeof(WholeUnitsConverter))] long Quantity);

/// <summary>Answer a request with a firm price per XP, valid for the OTC quote lifetime (15 s by default).</summary>
public sealed record QuoteOtcBody([property: System.ComponentModel.DataAnnotations.Required, JsonConverter(typeof(DollarsConverter))] decimal? Price);

/// <summary>An offer; <c>held</c> is what it still holds (XP for a sell, dollars for a buy); <c>counterpartyId</c> is set on a private offer.</summary>
public sealed record OtcOfferDto(long Id, long OperatorId, string Side, decimal Price, long Quantity, long Remaining, long MinimumFill,
    decimal Held, long? CounterpartyId, string Status, DateTime CreatedAt, DateTime ExpiresAt)
{
    public static OtcOfferDto From(OtcOfferView o) => new(o.Id, o.OperatorId, Names.Side((int)o.Side), o.Price.Dollars, o.Quantity, o.Remaining,
        o.MinimumFill, o.Side == Core.Matching.Side.Sell ? o.Held : new Core.Primitives.Cash(o.Held).Dollars, o.CounterpartyId, o.Status.ToString().ToLowerInvariant(),
        o.CreatedAt, o.ExpiresAt);
}

/// <summary>A request for quote (the requester's side and size); <c>operatorId</c> is shown only on your own.</summary>
public sealed record OtcRequestDto(long Id, long? OperatorId, string Side, long Quantity, string Status, DateTime CreatedAt, DateTime ExpiresAt,
    long? AcceptedQuoteId, IReadOnlyList<OtcQuoteDto> Quotes)
{
    public static OtcRequestDto From(OtcRequestView r, bool mine, IReadOnlyList<OtcQuoteView>? quotes = null) =>
        new(r.Id, mine ? r.OperatorId : null, Names.Side((int)r.Side), r.Quantity, r.Status.ToString().ToLowerInvariant(), r.CreatedAt, r.ExpiresAt,
            r.AcceptedQuoteId, [.. (quotes ?? []).Select(OtcQuoteDto.From)]);
}

/// <summary>A firm quote, seen only by the requester and the quoter; <c>status</c> is open, accepted or closed (firm only while open and before <c>expiresAt</c>).</summary>
public sealed record OtcQuoteDto(long Id, long RequestId, long OperatorId, decimal Price, string Status, DateTime CreatedAt, DateTime ExpiresAt)
{
    public static OtcQuoteDto From(OtcQuoteView q) => new(q.Id, q.RequestId, q.OperatorId, q.Price.Dollars, q.Status.ToString().ToLowerInvariant(), q.CreatedAt, q.ExpiresAt);
}

/// <summary>An OTC trade with its fees; not part of the order book's trades, last price or candles.</summary>
public sealed record OtcTradeDto(long Id, long? OfferId, long? QuoteId, long BuyerId, long SellerId, long MakerId, long TakerId,
    decimal Price, long Quantity, decimal Notional, decimal MakerFee, decimal TakerFee, DateTime At)
{
    public static OtcTradeDto From(OtcTradeView t) => new(t.Id, t.OfferId, t.QuoteId, t.BuyerId, t.SellerId, t.MakerId, t.TakerId,
        t.Price.Dollars, t.Quantity, t.Notional.Dollars, t.MakerFee.Dollars, t.TakerFee.Dollars, t.At);
}

/// <summary>The public OTC tape's line: price, quantity and time only.</summary>
public sealed record OtcPrintDto(long Id, decimal Price, long Quantity, DateTime At)
{
    public static OtcPrintDto From(OtcTradeView t) => new(t.Id, t.Price.Dollars, t.Quantity, t.At);
}
