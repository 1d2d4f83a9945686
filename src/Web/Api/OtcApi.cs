using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Otc;

namespace XpFlywheel.Web.Api;

/// <summary>
/// The OTC desk for programs (README "OTC desk"): offers, requests for quote, quotes and trades. Another operator's
/// offer, request or quote, and a private offer not naming you, are 404; invalid input 400 <c>validation_failed</c>;
/// refusals (band, self-dealing, minimum fill, funds, expiry) 422 with their code. Nothing moves on any refusal.
/// </summary>
public static class OtcApi
{
    /// <summary>The OTC tape's default page, in trades (limit 1 to <see cref="OtcService.MaxRows"/>).</summary>
    private const int TapeDefault = 50;

    public static IEndpointRouteBuilder MapOtcApi(this IEndpointRouteBuilder app)
    {
        var otc = app.MapGroup("/api/v1/otc").RequireAuthorization(ApiExtensions.ApiKeyPolicy).WithTags("OTC");
        otc.MapGet("/offers", ListOffersAsync).WithName("ListOtcOffers").Produces<List<OtcOfferDto>>()
            .WithSummary("Open offers you can take (public ones and private ones naming you, not your own): buys then sells, each best price first, then oldest; "
                + "side buy|sell (both), page from 1 (1), size 1-200 (200). A page shorter than size is the last.");
        otc.MapGet("/offers/mine", async (ClaimsPrincipal user, OtcService desk, [AllowedValues("open", "closed", "all"), DefaultValue("all")] string? status, long? before, [Range(1, OtcService.MaxRows), DefaultValue(OtcService.MaxRows)] int? limit, CancellationToken ct) =>
                MineQuery(status, before, limit, out var open) is { } invalid
                    ? invalid
                    : (IResult)TypedResults.Ok((await desk.MyOffersPageAsync(ApiOperator.Id(user), open, before, limit ?? OtcService.MaxRows, ct)).Select(OtcOfferDto.From).ToList()))
            .WithName("ListMyOtcOffers").Produces<List<OtcOfferDto>>()
            .WithSummary("Your offers with what each still holds, newest first: status open|closed|all (all), limit 1-200 (200), before = an offer id for the ones older than it.");
        otc.MapGet("/offers/{id}", async (long id, ClaimsPrincipal user, OtcService desk, CancellationToken ct) =>
            await desk.FindOfferAsync(ApiOperator.Id(user), id, ct) is { } offer ? TypedResults.Ok(OtcOfferDto.From(offer)) : (IResult)ApiProblems.NotFound("offer", OtcErrors.OfferNotFound))
            .WithName("GetOtcOffer").Produces<OtcOfferDto>().WithSummary("One offer: any of yours, or one open to you (the Location of a posted offer).");
        otc.MapPost("/offers", PostOfferAsync).WithName("PostOtcOffer").Produces<OtcOfferDto>(StatusCodes.Status201Created)
            .WithSummary("Post an offer at a fixed price within ±50% (admin band) of the reference price; holds the XP, or the cash plus the largest OTC fee.");
        otc.MapDelete("/offers/{id}", CancelOfferAsync).WithName("CancelOtcOffer").Produces<OtcOfferDto>()
            .WithSummary("Withdraw one of your open offers; what it holds is released.");
        otc.MapPost("/offers/{id}/take", TakeOfferAsync).WithName("TakeOtcOffer").Produces<OtcTradeDto>(StatusCodes.Status201Created)
            .WithSummary("Take part or all of an offer (at least its minimum fill): both sides settle at once.");
        otc.MapGet("/requests", async (ClaimsPrincipal user, OtcService desk, long? before, [Range(1, OtcService.MaxRows), DefaultValue(OtcService.MaxRows)] int? limit, CancellationToken ct) =>
                Cursor(before, limit) is { } invalid
                    ? invalid
                    : (IResult)TypedResults.Ok((await desk.OpenRequestsAsync(ApiOperator.Id(user), ct, before, limit ?? OtcService.MaxRows))
                        .Select(r => OtcRequestDto.From(r, mine: false)).ToList()))
            .WithName("ListOtcRequests").Produces<List<OtcRequestDto>>()
            .WithSummary("Open requests for quote of other operators (anonymous), for you to quote, newest first: limit 1-200 (200), before = a request id for the ones older than it.");
        otc.MapGet("/requests/mine", async (ClaimsPrincipal user, OtcService desk, [AllowedValues("open", "closed", "all"), DefaultValue("all")] string? status, long? before, [Range(1, OtcService.MaxRows), DefaultValue(OtcService.MaxRows)] int? limit, CancellationToken ct) =>
                MineQuery(status, before, limit, out var open) is { } invalid
                    ? invalid
                    : (IResult)TypedResults.Ok((await desk.MyRequestsPageAsync(ApiOperator.Id(user), open, before, limit ?? OtcService.MaxRows, ct))
                        .Select(r => OtcRequestDto.From(r.Request, mine: true, r.Quotes)).ToList()))
            .WithName("ListMyOtcRequests").Produces<List<OtcRequestDto>>()
            .WithSummary("Your requests for quote with the quotes on each (only you and each quoter see a quote), newest first: status open|closed|all (all), limit 1-200 (200), before = a request id.");
        otc.MapGet("/requests/{id}", async (long id, ClaimsPrincipal user, OtcService desk, CancellationToken ct) =>
            await desk.FindRequestAsync(ApiOperator.Id(user), id, ct) is var (request, mine, quotes)
                ? TypedResults.Ok(OtcRequestDto.From(request, mine, quotes)) : (IResult)ApiProblems.NotFound("request", OtcErrors.RequestNotFound))
            .WithName("GetOtcRequest").Produces<OtcRequestDto>()
            .WithSummary("One request: any of yours with its quotes, or another's while it is open to quote (anonymous; the Location of a request).");
        otc.MapPost("/requests", RequestQuotesAsync).WithName("RequestOtcQuotes").Produces<OtcRequestDto>(StatusCodes.Status201Created)
            .WithSummary("Ask other operators for firm quotes to buy or sell a quantity of XP.");
        otc.MapDelete("/requests/{id}", CancelRequestAsync).WithName("CancelOtcRequest").Produces<OtcRequestDto>()
            .WithSummary("Withdraw one of your open requests; its quotes lapse.");
        otc.MapPost("/requests/{id}/quotes", QuoteAsync).WithName("QuoteOtcRequest").Produces<OtcQuoteDto>(StatusCodes.Status201Created)
            .WithSummary("Answer a request with a firm price, valid for the quote lifetime (15 s by default); you must have the funds now and at acceptance.");
        otc.MapGet("/quotes/mine", async (ClaimsPrincipal user, OtcService desk, long? before, [Range(1, OtcService.MaxRows), DefaultValue(OtcService.MaxRows)] int? limit, CancellationToken ct) =>
                Cursor(before, limit) is { } invalid
                    ? invalid
                    : (IResult)TypedResults.Ok((await desk.MyQuotesAsync(ApiOperator.Id(user), ct, before, limit ?? OtcService.MaxRows)).Select(OtcQuoteDto.From).ToList()))
            .WithName("ListMyOtcQuotes").Produces<List<OtcQuoteDto>>()
            .WithSummary("The quotes you gave, newest first: limit 1-200 (200), before = a quote id for the ones older than it.");
        otc.MapGet("/quotes/{id}", async (long id, ClaimsPrincipal user, OtcService desk, CancellationToken ct) =>
            await desk.QuoteForAsync(ApiOperator.Id(user), id, ct) is { } quote ? TypedResults.Ok(OtcQuoteDto.From(quote)) : (IResult)ApiProblems.NotFound("quote", OtcErrors.QuoteNotFound))
            .WithName("GetOtcQuote").Produces<OtcQuoteDto>().WithSummary("One quote, to its quoter or the requester it answers (the Location of a quote).");
        otc.MapPost("/quotes/{id}/accept", AcceptAsync).WithName("AcceptOtcQuote").Produces<OtcTradeDto>(StatusCodes.Status201Created)
            .WithSummary("Accept a firm quote on your request: settles at once if both sides still have the funds, else 422 and nothing moves.");
        otc.MapGet("/trades", async (OtcService desk, long? before, [Range(1, OtcService.MaxRows), DefaultValue(TapeDefault)] int? limit, CancellationToken ct) =>
                Cursor(before, limit) is { } invalid
                    ? invalid
                    : (IResult)TypedResults.Ok((await desk.TapeAsync(limit ?? TapeDefault, ct, before)).Select(OtcPrintDto.From).ToList()))
            .WithName("GetOtcTrades").Produces<List<OtcPrintDto>>()
            .WithSummary("The OTC tape (price, quantity, time), newest first: limit 1-200 (50), before = a trade id for the ones older than it; separate from the book's trades, last price and candles.");
        otc.MapGet("/trades/mine", async (ClaimsPrincipal user, OtcService desk, long? before, [Range(1, OtcService.MaxRows), DefaultValue(OtcService.MaxRows)] int? limit, CancellationToken ct) =>
                Cursor(before, limit) is { } invalid
                    ? invalid
                    : (IResult)TypedResults.Ok((await desk.MyTradesAsync(ApiOperator.Id(user), ct, before, limit ?? OtcService.MaxRows)).Select(OtcTradeDto.From).ToList()))
            .WithName("MyOtcTrades").Produces<List<OtcTradeDto>>()
            .WithSummary("Your OTC trades with their fees, newest first: limit 1-200 (200), before = a trade id for the ones older than it.");
        otc.MapGet("/trades/{id}", async (long id, ClaimsPrincipal user, OtcService desk, CancellationToken ct) =>
            await desk.FindTradeAsync(ApiOperator.Id(user), id, ct) is { } trade ? TypedResults.Ok(OtcTradeDto.From(trade)) : (IResult)ApiProblems.NotFound("trade"))
            .WithName("GetOtcTrade").Produces<OtcTradeDto>().WithSummary("One of your OTC trades with its fees, as maker or taker (the Location of a take or an acceptance).");
        return app;
    }

    private static async Task<IResult> PostOfferAsync(PostOtcOfferBody body, ClaimsPrincipal user, OtcService desk, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var side = ParseSide(body.Side, errors);
        var price = ParsePrice(body.Price, errors);
        if (body.ExpiresAt is null)
            errors["expiresAt"] = ["expiresAt is required (UTC, in the future, at most 30 days ahead)."];
        if (errors.Count > 0)
            return ApiProblems.Validation(errors);
        var result = await desk.PostOfferAsync(ApiOperator.Id(user), side!.Value, price!.Value.Ticks, body.Quantity, body.MinimumFill ?? 1,
            body.ExpiresAt!.Value, body.CounterpartyId, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } offer ? TypedResults.Created($"/api/v1/otc/offers/{offer.Id}", OtcOfferDto.From(offer)) : Refused(result);
    }

    private static async Task<IResult> CancelOfferAsync(long id, ClaimsPrincipal user, OtcService desk, HttpContext http, CancellationToken ct)
    {
        var result = await desk.CancelOfferAsync(ApiOperator.Id(user), id, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } offer ? TypedResults.Ok(OtcOfferDto.From(offer)) : Refused(result);
    }

    private static async Task<IResult> TakeOfferAsync(long id, TakeOtcOfferBody body, ClaimsPrincipal user, OtcService desk, HttpContext http, CancellationToken ct)
    {
        var result = await desk.TakeOfferAsync(ApiOperator.Id(user), id, body.Quantity, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } trade ? TypedResults.Created($"/api/v1/otc/trades/{trade.Id}", OtcTradeDto.From(trade)) : Refused(result);
    }

    private static async Task<IResult> RequestQuotesAsync(RequestOtcQuotesBody body, ClaimsPrincipal user, OtcService desk, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var side = ParseSide(body.Side, errors);
        if (errors.Count > 0)
            return ApiProblems.Validation(errors);
        var result = await desk.RequestQuotesAsync(ApiOperator.Id(user), side!.Value, body.Quantity, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } request ? TypedResults.Created($"/api/v1/otc/requests/{request.Id}", OtcRequestDto.From(request, mine: true)) : Refused(result);
    }

    private static async Task<IResult> CancelRequestAsync(long id, ClaimsPrincipal user, OtcService desk, HttpContext http, CancellationToken ct)
    {
        var result = await desk.CancelRequestAsync(ApiOperator.Id(user), id, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        if (result.Value is not { } request)
            return Refused(result);
        // The withdrawn request with the quotes it had (lapsed with it), as GET shows it: not an empty list.
        var quotes = await desk.FindRequestAsync(ApiOperator.Id(user), id, ct) is var (_, _, read) ? read : null;
        return TypedResults.Ok(OtcRequestDto.From(request, mine: true, quotes));
    }

    private static async Task<IResult> QuoteAsync(long id, QuoteOtcBody body, ClaimsPrincipal user, OtcService desk, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var price = ParsePrice(body.Price, errors);
        if (errors.Count > 0)
            return ApiProblems.Validation(errors);
        var result = await desk.QuoteAsync(ApiOperator.Id(user), id, price!.Value.Ticks, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } quote ? TypedResults.Created($"/api/v1/otc/quotes/{quote.Id}", OtcQuoteDto.From(quote)) : Refused(result);
    }

    private static async Task<IResult> AcceptAsync(long id, ClaimsPrincipal user, OtcService desk, HttpContext http, CancellationToken ct)
    {
        var result = await desk.AcceptQuoteAsync(ApiOperator.Id(user), id, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } trade ? TypedResults.Created($"/api/v1/otc/trades/{trade.Id}", OtcTradeDto.From(trade)) : Refused(result);
    }

    private static async Task<IResult> ListOffersAsync(ClaimsPrincipal user, OtcService desk, [AllowedValues("buy", "sell")] string? side, [Range(1, int.MaxValue)] int? page, [Range(1, OtcService.MaxRows), DefaultValue(OtcService.MaxRows)] int? size, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var kept = side is null ? null : ParseSide(side, errors);
        if (errors.Count > 0)
            return ApiProblems.Validation(errors);
        if (ApiInput.Paging(page, size, out var p, out var s, maxSize: OtcService.MaxRows, defaultSize: OtcService.MaxRows) is { } invalid)
            return invalid;
        var offers = await desk.OpenOffersPageAsync(ApiOperator.Id(user), kept, (p - 1) * s, s, ct);
        return TypedResults.Ok(offers.Select(OtcOfferDto.From).ToList());
    }

    // A page of a newest-first list: limit 1..MaxRows; before, when given, an id from 1 (the last id of the page read).
    private static IResult? Cursor(long? before, int? limit)
    {
        if (ApiInput.Range("limit", limit, 1, OtcService.MaxRows) is { } invalidLimit)
            return invalidLimit;
        return before is < 1
            ? ApiProblems.Validation(new Dictionary<string, string[]> { ["before"] = ["before must be an id from 1: the last id of the page already read."] })
            : null;
    }

    // A page of an own-records list: the cursor as above, and status open|closed|all (absent: all) as open true|false|null.
    private static IResult? MineQuery(string? status, long? before, int? limit, out bool? open)
    {
        open = null;
        if (Cursor(before, limit) is { } invalid)
            return invalid;
        switch (status?.ToLowerInvariant())
        {
            case null or "all": return null;
            case "open": open = true; return null;
            case "closed": open = false; return null;
            default:
                return ApiProblems.Validation(new Dictionary<string, string[]> { ["status"] = ["status must be open, closed or all."] });
        }
    }

    private static Side? ParseSide(string? side, Dictionary<string, string[]> errors)
    {
        var parsed = side?.ToLowerInvariant() switch { "buy" => (Side?)Side.Buy, "sell" => Side.Sell, _ => null };
        if (parsed is null)
            errors["side"] = ["side must be \"buy\" or \"sell\"."];
        return parsed;
    }

    private static Price? ParsePrice(decimal? dollars, Dictionary<string, string[]> errors)
    {
        if (dollars is { } d && Price.Check(d, OtcRules.MaxPriceTicks, out var price) == PriceCheck.Valid)
            return price;
        errors["price"] = ["price must be above 0, at most 1000, in steps of 0.0001 dollars per XP."];
        return null;
    }

    private static IResult Refused<T>(EconomyResult<T> result)
    {
        var code = result.Code!;
        var message = result.Message ?? code;
        if (code is OtcErrors.OfferNotFound or OtcErrors.RequestNotFound or OtcErrors.QuoteNotFound)
            return ApiProblems.Problem(StatusCodes.Status404NotFound, code, message);
        if (code.StartsWith("invalid_", StringComparison.Ordinal))
        {
            var problem = ApiProblems.Details(StatusCodes.Status400BadRequest, "validation_failed", message,
                new Dictionary<string, string[]> { [ApiFields.Of(result.Field)] = [message] });
            problem.Extensions["reason"] = code;
            return TypedResults.Problem(problem);
        }
        return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, code, message);
    }
}
