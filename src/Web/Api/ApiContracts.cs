using System.Text.Json.Serialization;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Api;

// What programs send and receive. Prices are decimal dollars per XP, quantities whole XP, cash decimal dollars.

// A field marked Required (System.ComponentModel.DataAnnotations) is one the request is refused without; the OpenAPI
// document lists exactly those (and the JsonRequired ones) as required. The endpoints check them and answer 400.

/// <summary>Place an order: side and quantity always; price for a limit order (a market order takes none); type
/// (limit, the default, or market), timeInForce (gtc, the default for limits, ioc or fok), postOnly and clientOrderId optional.</summary>
public sealed record PlaceOrderBody([property: System.ComponentModel.DataAnnotations.Required] string? Side, string? Type, [property: JsonConverter(typeof(DollarsConverter))] decimal? Price,
    [property: System.ComponentModel.DataAnnotations.Required, JsonConverter(typeof(WholeUnitsConverter))] long Quantity, string? TimeInForce, bool PostOnly, string? ClientOrderId);

/// <summary>An amendment of a resting order: a new open quantity, a new price, or both (each optional, at least one).</summary>
public sealed record AmendOrderBody
{
    /// <summary>
    /// The new open (remaining) quantity in XP, 1 to 1,000,000,000: what already filled is not counted, so an order of
    /// 100 with 60 filled amended to 30 has 30 open (quantity 90). A decrease at the same price keeps its place.
    /// </summary>
    [JsonConverter(typeof(WholeUnitsConverter))]
    public long? Quantity { get; init; }

    /// <summary>The new limit price in dollars per XP, on the tick; the order goes to the back of its new level.</summary>
    [JsonConverter(typeof(DollarsConverter))]
    public decimal? Price { get; init; }
}

/// <summary>An order as its owner sees it.</summary>
/// <param name="AveragePrice">Dollars per XP over its fills (cumulative quote ÷ filled), rounded half to even to
/// <see cref="AveragePriceDecimals"/> places (four below the tick); null before the first fill.</param>
/// <param name="CumulativeQuote">Dollars traded: Σ price × quantity over its fills.</param>
/// <param name="FeesPaid">Dollars of fees its fills cost (maker or taker fee per fill).</param>
public record OrderDto(long Id, string Side, string Type, string TimeInForce, bool PostOnly, decimal? Price, long Quantity,
    long Remaining, long Filled, decimal? AveragePrice, decimal CumulativeQuote, decimal FeesPaid, string Status, string? CancelReason,
    string? ClientOrderId, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>Decimal places of <see cref="AveragePrice"/>: 8 (the tick is 0.0001, so four digits below it).</summary>
    public const int AveragePriceDecimals = 8;

    public static OrderDto From(OrderRecord o, OrderFills fills) => new(o.Id, Names.Side(o.Side), o.Type == 1 ? "market" : "limit", Names.Tif(o.TimeInForce), o.PostOnly,
        o.Type == 1 ? null : o.PriceTicks / 10_000m, o.Quantity, o.Remaining, o.Filled,
        o.Filled > 0 ? Math.Round(fills.QuoteMicros / 1_000_000m / o.Filled, AveragePriceDecimals) : null, fills.QuoteMicros / 1_000_000m, fills.FeeMicros / 1_000_000m,
        Exchange.OrderStatusName.Api(o), o.CancelReason is { } reason ? Names.Code(reason) : null, o.ClientOrderId, o.CreatedAt, o.UpdatedAt);
}

public sealed record FillDto(long TradeId, long MakerOrderId, long TakerOrderId, decimal Price, long Quantity, string TakerSide, decimal TakerFee)
{
    /// <summary>One fill of a command's outcome: price in dollars per XP, quantity in XP, the taker's fee in dollars.</summary>
    public static FillDto From(Core.Matching.Fill f) =>
        new(f.TradeId, f.MakerOrderId, f.TakerOrderId, f.Price.Dollars, f.Quantity.Units, Names.Side((int)f.TakerSide), f.TakerFee.Dollars);
}

/// <summary>
/// An order a command took off the book: its id, the XP it still had open, and why. An operator's own resting order
/// cancelled by self-trade prevention (<c>self_trade_prevention</c>), or the command's own IOC, FOK or market order
/// whose remainder did not rest (its own id, <c>expired</c>).
/// </summary>
public sealed record CancelledDto(long OrderId, long Remaining, string Reason)
{
    public static CancelledDto From(Core.Matching.CancelledOrder c) => new(c.OrderId, c.Remaining.Units, Names.Code(c.Reason));
}

/// <summary>
/// The order after an amend (every field of <see cref="OrderDto"/>, at the top level as before), plus what the amend
/// itself did: the <see cref="Fills"/> it traded (an amend to a crossing price trades at once, as a new taker) and the
/// orders it <see cref="Cancelled"/> (another of your orders it would have traded with, under self-trade prevention).
/// Both are empty for an amend that only rested.
/// </summary>
public sealed record AmendedOrderDto : OrderDto
{
    public AmendedOrderDto(OrderDto order, IReadOnlyList<FillDto> fills, IReadOnlyList<CancelledDto> cancelled) : base(order)
    {
        Fills = fills;
        Cancelled = cancelled;
    }

    /// <summary>The trades the amend made, in the order they happened.</summary>
    public IReadOnlyList<FillDto> Fills { get; init; }

    /// <summary>Your orders the amend took off the book, with why.</summary>
    public IReadOnlyList<CancelledDto> Cancelled { get; init; }
}

/// <summary>The orders a cancel-all took off the book.</summary>
public sealed record CancelledOrdersDto(IReadOnlyList<CancelledDto> Cancelled);

public sealed record PlaceOrderResponse(bool Accepted, bool Repeat, OrderDto? Order, IReadOnlyList<FillDto> Fills, IReadOnlyList<CancelledDto> Cancelled);

public sealed record MyTradeDto(long Id, long OrderId, string Side, string Role, decimal Price, long Quantity, decimal Fee, DateTime Time);

/// <summary>
/// Balances in USD and whole XP. <c>cashHeld</c>/<c>xpHeld</c> are held by open orders; <c>cashHeldByOtc</c>/<c>xpHeldByOtc</c>
/// by open OTC offers (a buy offer holds its cash plus the largest fee) and <c>cashHeldByFailedJobs</c> by the key
/// holder's failed jobs until their dispute window passes; those three sit in the exchange's escrow.
/// </summary>
public sealed record WalletDto(long OperatorId, decimal CashAvailable, decimal CashHeld, long XpAvailable, long XpHeld, long XpLocked, long XpUnlocking,
    decimal CashHeldByOtc, long XpHeldByOtc, decimal CashHeldByFailedJobs);

/// <summary>
/// One ledger movement of the operator's accounts: <c>asset</c> cash or xp (cash amounts in USD, XP whole), <c>reason</c>
/// in snake_case (<c>deposit</c>, <c>order_hold</c>, <c>trade</c>, <c>fee</c>, <c>job_settlement</c>, <c>burn</c>, <c>lock</c>,
/// <c>epoch_credit</c>, <c>otc_trade</c>, ...); <c>counterparty</c> is "own" and one of your account kinds
/// (<c>own held</c>), a system account (<c>treasury</c>, <c>burn_pool</c>, <c>otc_cash_escrow</c>, ...) or "operator N".
/// </summary>
public sealed record PostingDto(long Sequence, string Asset, string Account, string Direction, decimal Amount, string Reason, long Reference, string Counterparty, DateTime At);

/// <summary>A cash withdrawal: <c>amount</c> in USD, above 0, at most 6 decimal places, a JSON number or string.</summary>
public sealed record WithdrawBody([property: JsonRequired, JsonConverter(typeof(DollarsConverter))] decimal Amount);

/// <summary>
/// A recorded withdrawal: <c>id</c> is the journal sequence that made it (its posting's <c>reference</c>), <c>amount</c>
/// in USD; <c>cashAvailable</c>, your available cash just after it, is given only in the answer to the withdrawal.
/// </summary>
public sealed record WithdrawalDto(long Id, decimal Amount, DateTime At)
{
    /// <summary>Your available cash just after the withdrawal, in USD; only in the answer to the withdrawal itself.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? CashAvailable { get; init; }

    internal static WithdrawalDto From(Data.Entities.PostingRecord posting) => new(posting.Reference, posting.Amount / 1_000_000m, posting.At);
}

/// <summary>Arms the dead-man switch for <paramref name="Seconds"/> (1–86,400) from now; 0 disarms it.</summary>
/// <remarks>Whole seconds as a JSON number or a string ("60"), as every other number of the API is read.</remarks>
public sealed record CancelAfterBody([property: System.ComponentModel.DataAnnotations.Required, JsonConverter(typeof(WholeUnitsConverter))] long? Seconds);

/// <summary>The dead-man switch: server time and when all open orders will be cancelled, in ms since the Unix epoch (null: disarmed).</summary>
public sealed record CancelAfterDto(long CurrentTime, long? TriggerTime)
{
    public static CancelAfterDto From(DateTimeOffset now, DateTimeOffset? triggerAt) =>
        new(now.ToUnixTimeMilliseconds(), triggerAt?.ToUnixTimeMilliseconds());
}

/// <summary>A page of a list. <paramref name="Total"/> counts every matching row; <paramref name="Next"/> (cursor paging only,
/// null under page/size) is an id for the following rows, null at the end: as <c>fromId</c> when reading oldest first (a
/// <c>fromId</c> or a time range), as <c>before</c> when reading newest first (<c>before</c> alone); see
/// <see cref="ApiDocument.PageNextDescription"/>.</summary>
public sealed record PageOf<T>(int Page, int Size, int Total, IReadOnlyList<T> Items, long? Next = null);

public static class Names
{
    public static string Side(int side) => side == 0 ? "buy" : "sell";

    public static string Tif(int tif) => tif switch { 1 => "ioc", 2 => "fok", _ => "gtc" };

    /// <summary>
    /// An enum value as the API writes every code: snake_case in lower case (<c>CancelAfter</c> → <c>cancel_after</c>),
    /// the same names the user stream, problem codes and market info use.
    /// </summary>
    public static string Code(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    /// <inheritdoc cref="Code(string)"/>
    public static string Code(Enum value) => Code(value.ToString());
}
