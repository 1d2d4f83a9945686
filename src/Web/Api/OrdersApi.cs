using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Api;

/// <summary>Place, amend, cancel and list orders with an API key. Another operator's order is a 404, never a 403.</summary>
public static partial class OrdersApi
{
    [System.Text.RegularExpressions.GeneratedRegex("%[0-9A-Fa-f]{2}")]
    private static partial System.Text.RegularExpressions.Regex EscapeLeftInPath();

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/v1/orders").RequireAuthorization(ApiExtensions.ApiKeyPolicy).WithTags("Orders");
        orders.MapPost("/", PlaceAsync).WithName("PlaceOrder")
            .Produces<PlaceOrderResponse>(StatusCodes.Status201Created).Produces<PlaceOrderResponse>(StatusCodes.Status200OK).WithSummary("Place a limit or market order (idempotent by clientOrderId).");
        orders.MapGet("/", ListAsync).WithName("ListOrders").Produces<PageOf<OrderDto>>().WithSummary("Your orders (status=open|closed|all, clientOrderId): newest first by page, or by cursor (fromId/before = order id, startTime/endTime in ms on creation).");
        orders.MapGet("/{id}", GetAsync).WithName("GetOrder").Produces<OrderDto>();
        orders.MapGet("/by-client-id/{clientOrderId}", GetByClientIdAsync).WithName("GetOrderByClientId").Produces<OrderDto>()
            .WithSummary("Your newest order placed with this clientOrderId.");
        // The look-up with its id left out would otherwise be read as GET /{id} and refused for an id that is not a number.
        orders.MapGet("/by-client-id", () => ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["clientOrderId"] = ["clientOrderId is required: GET /api/v1/orders/by-client-id/{clientOrderId}, or list with ?clientOrderId=."],
            }))
            .ExcludeFromDescription();
        orders.MapPatch("/{id}", AmendAsync).WithName("AmendOrder").Produces<AmendedOrderDto>()
            .WithSummary("Change the open quantity (remaining, not counting fills) and/or the price; a decrease keeps priority. The answer is the order with the amend's fills and the orders it cancelled.");
        orders.MapDelete("/{id}", CancelAsync).WithName("CancelOrder").Produces<OrderDto>();
        orders.MapDelete("/", CancelAllAsync).WithName("CancelAllOrders").Produces<CancelledOrdersDto>();
        orders.MapPost("/cancel-after", CancelAfterSetAsync).WithName("CancelAllOrdersAfter").Produces<CancelAfterDto>()
            .WithSummary("Dead-man switch: cancel all your open orders unless this is called again within seconds (1–86400); 0 disarms.");
        orders.MapGet("/cancel-after", async (ClaimsPrincipal user, CancelAfter switches, CancellationToken cancellationToken) =>
            {
                var (now, triggerAt) = await switches.GetAsync(ApiOperator.Id(user), cancellationToken);
                return TypedResults.Ok(CancelAfterDto.From(now, triggerAt));
            })
            .WithName("GetCancelAllOrdersAfter").WithSummary("When the dead-man switch will cancel your orders (triggerTime null when disarmed).");
        app.MapGet("/api/v1/trades/mine", MyTradesAsync).RequireAuthorization(ApiExtensions.ApiKeyPolicy).WithTags("Orders").WithName("MyTrades").Produces<PageOf<MyTradeDto>>()
            .WithSummary("Your fills: newest first by page, or by cursor (fromId/before = trade id, startTime/endTime in ms).");
        return app;
    }

    private static async Task<IResult> PlaceAsync(PlaceOrderBody body, ClaimsPrincipal user, TradingService trading, IDbContextFactory<AppDbContext> dbFactory, HttpContext http,
        CancellationToken cancellationToken)
    {
        var operatorId = ApiOperator.Id(user);
        var errors = new Dictionary<string, string[]>();
        var side = body.Side?.ToLowerInvariant() switch { "buy" => (Side?)Side.Buy, "sell" => Side.Sell, _ => null };
        var type = (body.Type ?? "limit").ToLowerInvariant() switch { "limit" => (OrderType?)OrderType.Limit, "market" => OrderType.Market, _ => null };
        var tif = (body.TimeInForce ?? (type == OrderType.Market ? "ioc" : "gtc")).ToLowerInvariant() switch
        {
            "gtc" => (TimeInForce?)TimeInForce.Gtc, "ioc" => TimeInForce.Ioc, "fok" => TimeInForce.Fok, _ => null,
        };
        if (side is null) errors["side"] = ["side must be \"buy\" or \"sell\"."];
        if (type is null) errors["type"] = ["type must be \"limit\" or \"market\"."];
        if (tif is null) errors["timeInForce"] = ["timeInForce must be \"gtc\", \"ioc\" or \"fok\"."];
        if (errors.Count > 0)
            return ApiProblems.Validation(errors);

        var result = await trading.PlaceAsync(operatorId, new PlaceOrderRequest(side!.Value, type!.Value, body.Price, body.Quantity, tif!.Value, body.PostOnly, body.ClientOrderId), cancellationToken,
            ApiIdempotency.KeyOf(http));
        if (result.Errors is { } invalid)
            return ApiProblems.Validation(invalid);
        var outcome = result.Outcome!;
        if (!outcome.Accepted)
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, RejectMessages.Code(outcome.RejectReason), outcome.RejectMessage!);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == outcome.OrderId, cancellationToken);
        var (fills, cancelled) = outcome.IsRepeat && outcome.Fills.Count == 0 && outcome.Cancelled.Count == 0 && order is not null
            ? await FirstResultAsync(db, order, cancellationToken)
            : (outcome.Fills.Select(FillDto.From).ToList(), outcome.Cancelled.Select(CancelledDto.From).ToList());
        var placed = order is null ? null
            : outcome.IsRepeat ? await OrderFills.DtoAsync(db, order, cancellationToken)
            : AsPlaced(order, outcome, body);
        var response = new PlaceOrderResponse(true, outcome.IsRepeat, placed, fills, cancelled);
        if (outcome.IsRepeat)
        {
            ApiIdempotency.MarkReplayed(http);
            return TypedResults.Ok(response);
        }
        return TypedResults.Created($"/api/v1/orders/{outcome.OrderId}", response);
    }

    /// <summary>
    /// The order as its placement left it, from the writer's outcome: what it filled then, what rested, its status and
    /// the quote and fees of its own fills, beside the fills listed in the same answer (as Binance's placement answer
    /// is). The row read afterwards may already show later fills, amends or a cancel, which GET reads; the answer
    /// of a placement never mixes them in.
    /// </summary>
    private static OrderDto AsPlaced(OrderRecord row, OrderOutcome outcome, PlaceOrderBody body)
    {
        var (status, reason) = outcome.RestingQuantity > 0
            ? (outcome.FilledQuantity > 0 ? OrderStatus.PartiallyFilled : OrderStatus.Open, (string?)null)
            : outcome.FilledQuantity >= body.Quantity
                ? (OrderStatus.Filled, null)
                : (OrderStatus.Cancelled, (outcome.Cancelled.Where(c => c.OrderId == outcome.OrderId).Select(c => (CancelReason?)c.Reason).FirstOrDefault()
                    ?? CancelReason.Expired).ToString());
        long quote = 0, fees = 0;
        foreach (var fill in outcome.Fills.Where(f => f.TakerOrderId == row.Id))
        {
            quote = checked(quote + fill.Price.Ticks * Core.Primitives.Price.MicrosPerTick * fill.Quantity.Units);
            fees = checked(fees + fill.TakerFee.Micros);
        }
        var placed = new OrderRecord
        {
            Id = row.Id, OperatorId = row.OperatorId, Side = row.Side, Type = row.Type, TimeInForce = row.TimeInForce, PostOnly = row.PostOnly,
            // A limit order's price is the one it was placed at (an amend may have changed the row's since).
            PriceTicks = row.Type == (int)OrderType.Market || body.Price is not { } price ? row.PriceTicks : decimal.ToInt64(price * 10_000m),
            Quantity = body.Quantity, Remaining = outcome.RestingQuantity, Filled = outcome.FilledQuantity, Held = 0, Sequence = row.Sequence,
            Status = status, CancelReason = reason, ClientOrderId = row.ClientOrderId, CreatedAt = row.CreatedAt, UpdatedAt = row.CreatedAt,
        };
        return OrderDto.From(placed, new OrderFills(quote, fees));
    }

    /// <summary>
    /// The fills and cancels of an order's placement, read back for a repeat by client order id (the engine remembers the
    /// id's first outcome, not its fills): the trades the order took as the taker, and the orders cancelled, in the
    /// placement's batch. Every row of a batch carries the batch's time, and an amend or cancel of the order can only
    /// come in a later batch (it needs the id the placement answered), so that time picks out the placement's own.
    /// </summary>
    private static async Task<(List<FillDto> Fills, List<CancelledDto> Cancelled)> FirstResultAsync(AppDbContext db, OrderRecord order, CancellationToken cancellationToken)
    {
        var placedAt = order.CreatedAt;
        var fills = await db.Trades.AsNoTracking().Where(t => t.TakerOrderId == order.Id && t.ExecutedAt == placedAt).OrderBy(t => t.Id)
            .Select(t => new FillDto(t.Id, t.MakerOrderId, t.TakerOrderId, t.PriceTicks / 10_000m, t.Quantity, Names.Side(t.TakerSide), t.TakerFee / 1_000_000m))
            .ToListAsync(cancellationToken);
        var cancelled = await db.Orders.AsNoTracking()
            .Where(o => o.OperatorId == order.OperatorId && o.UpdatedAt == placedAt && o.CancelReason != null
                && (o.Id == order.Id || o.CancelReason == nameof(CancelReason.SelfTradePrevention)))
            .OrderBy(o => o.Id).Select(o => new { o.Id, o.Quantity, o.Filled, o.CancelReason }).ToListAsync(cancellationToken);
        return (fills, [.. cancelled.Select(c => new CancelledDto(c.Id, c.Quantity - c.Filled, Names.Code(c.CancelReason!)))]);
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, IDbContextFactory<AppDbContext> dbFactory, [AllowedValues("open", "closed", "all"), DefaultValue("all")] string? status, string? clientOrderId,
        [Range(1, int.MaxValue)] int? page, [Range(1, 200), DefaultValue(50)] int? size, long? fromId, long? before, long? startTime, long? endTime, CancellationToken cancellationToken)
    {
        var operatorId = ApiOperator.Id(user);
        if (ApiInput.Paging(page, size, out var p, out var s) is { } invalidPaging)
            return invalidPaging;
        if (HistoryCursor.Parse(fromId, before, startTime, endTime, page, out var cursor) is { } invalidCursor)
            return invalidCursor;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Orders.AsNoTracking().Where(o => o.OperatorId == operatorId);
        query = (status ?? "all").ToLowerInvariant() switch
        {
            "open" => query.Where(o => o.Status == OrderStatus.Open || o.Status == OrderStatus.PartiallyFilled),
            "closed" => query.Where(o => o.Status != OrderStatus.Open && o.Status != OrderStatus.PartiallyFilled),
            "all" => query,
            _ => null!,
        };
        if (query is null)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["status"] = ["status must be open, closed or all."] });
        if (clientOrderId is not null && PlaceOrderRequest.ClientOrderIdError(clientOrderId) is { } idError)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["clientOrderId"] = [idError + " Leave it out to list every order."] });
        if (clientOrderId is not null)
            query = query.Where(o => o.ClientOrderId == clientOrderId);
        if (cursor.Any)
        {
            var range = cursor.Apply(query, o => o.Id, o => o.CreatedAt);
            var chunk = await range.Take(s).ToListAsync(cancellationToken);
            return TypedResults.Ok(new PageOf<OrderDto>(1, s, await range.CountAsync(cancellationToken), await OrderFills.DtosAsync(db, operatorId, chunk, cancellationToken),
                cursor.Next(chunk.LastOrDefault()?.Id, chunk.Count, s)));
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(o => o.Id).Skip((p - 1) * s).Take(s).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PageOf<OrderDto>(p, s, total, await OrderFills.DtosAsync(db, operatorId, items, cancellationToken)));
    }

    private static async Task<IResult> GetAsync(long id, ClaimsPrincipal user, IDbContextFactory<AppDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await OwnOrderAsync(db, id, user, cancellationToken) is { } order ? TypedResults.Ok(order) : ApiProblems.NotFound("order");
    }

    // The key holder's order as the API shows it; null when there is none of theirs with this id.
    private static async Task<OrderDto?> OwnOrderAsync(AppDbContext db, long id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.OperatorId == ApiOperator.Id(user), cancellationToken) is { } order
            ? await OrderFills.DtoAsync(db, order, cancellationToken)
            : null;

    private static async Task<IResult> GetByClientIdAsync(string clientOrderId, ClaimsPrincipal user, IDbContextFactory<AppDbContext> dbFactory, CancellationToken cancellationToken)
    {
        // An id placement would refuse names no order: refused as placement refuses it, not answered "not found".
        if (PlaceOrderRequest.ClientOrderIdError(clientOrderId) is { } idError)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["clientOrderId"] = [idError] });
        // The server decodes every escape in a path except %2F (an encoded "/") and escapes that are not UTF-8 (%FF),
        // which reach the route as their three characters: "a%2Fb" in the address cannot tell the id "a/b" from the id
        // "a%2Fb" (sent as "a%252Fb"), nor "%FF" the byte from the id "%FF". Refused, never answered with another order.
        if (EscapeLeftInPath().IsMatch(clientOrderId))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["clientOrderId"] = ["This clientOrderId holds \"/\", \"%\" and two hex digits, or an escape that is not UTF-8, which an address cannot carry unambiguously: look it up with GET /api/v1/orders?clientOrderId=… instead."],
            });
        }
        var operatorId = ApiOperator.Id(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A client order id names one order while the engine remembers it; after that it may be reused, so the newest wins.
        var order = await db.Orders.AsNoTracking().Where(o => o.OperatorId == operatorId && o.ClientOrderId == clientOrderId)
            .OrderByDescending(o => o.Id).FirstOrDefaultAsync(cancellationToken);
        return order is null
            ? ApiProblems.Problem(StatusCodes.Status404NotFound, "not_found", "No order of yours has this client order id.")
            : TypedResults.Ok(await OrderFills.DtoAsync(db, order, cancellationToken));
    }

    private static async Task<IResult> AmendAsync(long id, AmendOrderBody body, ClaimsPrincipal user, TradingService trading, IDbContextFactory<AppDbContext> dbFactory, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await trading.AmendAsync(ApiOperator.Id(user), id, body.Quantity, body.Price, cancellationToken, ApiIdempotency.KeyOf(http));
        if (result.Errors is { } invalid)
            return ApiProblems.Validation(invalid);
        if (result.Outcome is { Accepted: false } refused)
            return refused.RejectReason is RejectReason.UnknownOrder or RejectReason.NotOrderOwner
                ? await NotOpenAsync(id, user, dbFactory, cancellationToken)
                : ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, RejectMessages.Code(refused.RejectReason), refused.RejectMessage!);
        var outcome = result.Outcome!;
        if (outcome.IsRepeat)
            ApiIdempotency.MarkReplayed(http);
        // The order as the amend left it, first time and every repeat alike: a later fill, amend or cancel is in GET
        // and on the user stream, never in this answer (the same rule as a placement's answer).
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var operatorId = ApiOperator.Id(user);
        var row = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.OperatorId == operatorId, cancellationToken);
        if (row is null)
            return ApiProblems.NotFound("order");
        var order = outcome.Amended is { } amended
            ? await OrderFills.AsAmendedAsync(db, row, amended, cancellationToken)
            : await OrderFills.DtoAsync(db, row, cancellationToken);
        return TypedResults.Ok(new AmendedOrderDto(order, outcome.Fills.Select(FillDto.From).ToList(), outcome.Cancelled.Select(CancelledDto.From).ToList()));
    }

    private static async Task<IResult> CancelAsync(long id, ClaimsPrincipal user, TradingService trading, IDbContextFactory<AppDbContext> dbFactory, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await trading.CancelAsync(ApiOperator.Id(user), id, cancellationToken, ApiIdempotency.KeyOf(http));
        if (result.Outcome is { Accepted: false } refused)
            return refused.RejectReason is RejectReason.UnknownOrder or RejectReason.NotOrderOwner
                ? await NotOpenAsync(id, user, dbFactory, cancellationToken)
                : ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, RejectMessages.Code(refused.RejectReason), refused.RejectMessage!);
        if (result.Outcome is null)
            return ApiProblems.NotFound("open order");
        if (result.Outcome.IsRepeat)
            ApiIdempotency.MarkReplayed(http);
        return await GetAsync(id, user, dbFactory, cancellationToken);
    }

    /// <summary>
    /// The answer to an amend or cancel of an order the book does not hold for the caller: 422 <c>order_not_open</c>
    /// when it is one of theirs that has ended (filled, cancelled or expired: GET still reads it), else 404 as any
    /// id that is not theirs.
    /// </summary>
    private static async Task<IResult> NotOpenAsync(long id, ClaimsPrincipal user, IDbContextFactory<AppDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var operatorId = ApiOperator.Id(user);
        return await db.Orders.AsNoTracking().AnyAsync(o => o.Id == id && o.OperatorId == operatorId, cancellationToken)
            ? ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, OrderNotOpen,
                $"Order {id} is no longer open (filled, cancelled or expired): only an open order can be amended or cancelled.")
            : ApiProblems.NotFound("open order");
    }

    /// <summary>The problem code of an amend or cancel of one's own order that has ended.</summary>
    public const string OrderNotOpen = "order_not_open";

    private static async Task<IResult> CancelAllAsync(ClaimsPrincipal user, TradingService trading, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await trading.CancelAllAsync(ApiOperator.Id(user), cancellationToken, ApiIdempotency.KeyOf(http));
        if (result.Outcome is { IsRepeat: true })
            ApiIdempotency.MarkReplayed(http);
        var cancelled = result.Outcome?.Cancelled.Select(c => new CancelledDto(c.OrderId, c.Remaining.Units, Names.Code(c.Reason))).ToList() ?? [];
        return TypedResults.Ok(new CancelledOrdersDto(cancelled));
    }

    private static async Task<IResult> CancelAfterSetAsync(CancelAfterBody body, ClaimsPrincipal user, CancelAfter switches, CancellationToken cancellationToken)
    {
        if (body.Seconds is not (>= 0 and <= CancelAfter.MaxSeconds))
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["seconds"] = [$"seconds must be a whole number from 0 (disarm) to {CancelAfter.MaxSeconds:#,##0}."],
            });
        var (now, triggerAt) = await switches.SetAsync(ApiOperator.Id(user), (int)body.Seconds.Value, cancellationToken);
        return TypedResults.Ok(CancelAfterDto.From(now, triggerAt));
    }

    private static async Task<IResult> MyTradesAsync(ClaimsPrincipal user, IDbContextFactory<AppDbContext> dbFactory, [Range(1, int.MaxValue)] int? page, [Range(1, 200), DefaultValue(50)] int? size,
        long? fromId, long? before, long? startTime, long? endTime, CancellationToken cancellationToken)
    {
        var operatorId = ApiOperator.Id(user);
        if (ApiInput.Paging(page, size, out var p, out var s) is { } invalidPaging)
            return invalidPaging;
        if (HistoryCursor.Parse(fromId, before, startTime, endTime, page, out var cursor) is { } invalidCursor)
            return invalidCursor;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Trades.AsNoTracking().Where(t => t.MakerOperatorId == operatorId || t.TakerOperatorId == operatorId);
        var ordered = cursor.Any ? cursor.Apply(query, t => t.Id, t => t.ExecutedAt) : query.OrderByDescending(t => t.Id).Skip((p - 1) * s);
        var total = await (cursor.Any ? ordered : query).CountAsync(cancellationToken);
        var trades = await ordered.Take(s).ToListAsync(cancellationToken);
        var items = trades.Select(t =>
        {
            var taker = t.TakerOperatorId == operatorId;
            var side = taker ? t.TakerSide : 1 - t.TakerSide;
            return new MyTradeDto(t.Id, taker ? t.TakerOrderId : t.MakerOrderId, Names.Side(side), taker ? "taker" : "maker",
                t.PriceTicks / 10_000m, t.Quantity, (taker ? t.TakerFee : t.MakerFee) / 1_000_000m, t.ExecutedAt);
        }).ToList();
        return TypedResults.Ok(new PageOf<MyTradeDto>(cursor.Any ? 1 : p, s, total, items, cursor.Any ? cursor.Next(trades.LastOrDefault()?.Id, trades.Count, s) : null));
    }
}
