using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// What pages and the API call to trade: validates the request, runs it on the single writer and returns the
/// engine's outcome once it is durable. Validation errors never reach the engine. Each change is an
/// <see cref="ExchangeCommand"/> journaled by the writer; <c>idempotencyKey</c> makes a retry return the first outcome.
/// </summary>
public sealed class TradingService(ExchangeHost host)
{
    /// <summary>Places an order; its <c>ClientOrderId</c> (the engine's own idempotency) returns the first outcome on a retry.</summary>
    public async Task<TradeResult> PlaceAsync(long operatorId, PlaceOrderRequest request, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        var errors = request.Validate(operatorId, out var order);
        if (errors.Count > 0)
            return TradeResult.Invalid(errors);
        var command = new SubmitOrder(operatorId, order.Side, order.Type, order.LimitPrice.Ticks, order.Quantity.Units, order.TimeInForce,
            order.PostOnly, order.ClientOrderId) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey };
        return TradeResult.From(await host.SubmitAsync<OrderOutcome>(command, cancellationToken));
    }

    public async Task<TradeResult> CancelAsync(long operatorId, long orderId, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        TradeResult.From(await host.SubmitAsync<OrderOutcome>(new CancelOrder(operatorId, orderId) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey },
            cancellationToken));

    public async Task<TradeResult> CancelAllAsync(long operatorId, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        TradeResult.From(await host.SubmitAsync<OrderOutcome>(new CancelAllOrders(operatorId) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey },
            cancellationToken));

    public async Task<TradeResult> AmendAsync(long operatorId, long orderId, long? newQuantity, decimal? newPrice, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (newQuantity is null && newPrice is null)
            errors["order"] = ["Give a new quantity, a new price, or both."];
        if (newQuantity is < 1 or > MatchingEngine.MaxQuantity)
            errors["quantity"] = ["Quantity must be a whole number of XP from 1 to 1,000,000,000."];
        Price? price = null;
        if (newPrice is { } p)
        {
            if (Price.Check(p, MatchingEngine.MaxPriceTicks, out var checkedPrice) != PriceCheck.Valid)
                errors["price"] = ["The price must be above zero, at most $1,000, on the 0.0001 tick."];
            else
                price = checkedPrice;
        }
        if (errors.Count > 0)
            return TradeResult.Invalid(errors);
        var command = new ReplaceOrder(operatorId, orderId, newQuantity, price?.Ticks) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey };
        return TradeResult.From(await host.SubmitAsync<OrderOutcome>(command, cancellationToken));
    }

    /// <summary>
    /// The operator's resting orders as the engine holds them, with the journal sequence they reflect (a change to them
    /// with a higher sequence came after this read).
    /// </summary>
    public Task<(long Sequence, IReadOnlyList<OrderView> Orders)> RestingOrdersAsync(long operatorId, CancellationToken cancellationToken = default) =>
        host.ReadAsync<(long, IReadOnlyList<OrderView>)>(session =>
        {
            var open = new List<OrderView>();
            session.Engine.OpenOrders(operatorId, open);
            return (session.Sequence, open);
        }, cancellationToken);

    /// <summary>Queue position of each of the operator's resting orders, read on the writer so it is exact.</summary>
    public Task<IReadOnlyDictionary<long, QueuePosition>> QueuePositionsAsync(IReadOnlyCollection<long> orderIds, CancellationToken cancellationToken = default) =>
        host.ReadAsync<IReadOnlyDictionary<long, QueuePosition>>(session =>
        {
            var positions = new Dictionary<long, QueuePosition>();
            foreach (var id in orderIds)
            {
                if (session.Engine.QueuePositionOf(id) is { } position)
                    positions[id] = position;
            }
            return positions;
        }, cancellationToken);

    /// <summary>Records a cash deposit (an admin credit, or a demo deposit): external cash → the operator.</summary>
    public async Task<TransferResult> DepositAsync(long operatorId, Cash amount, long reference = 0, CancellationToken cancellationToken = default,
        Actor? by = null, string? idempotencyKey = null)
    {
        if (amount.Micros <= 0)
            throw new ArgumentOutOfRangeException(nameof(amount), "A deposit must be positive.");
        var command = new DepositCash(operatorId, amount.Micros, reference) { By = by ?? Actor.Operator(operatorId), IdempotencyKey = idempotencyKey };
        return await host.SubmitAsync<TransferResult>(command, cancellationToken);
    }

    /// <summary>The largest withdrawal one command takes, in dollars.</summary>
    public const decimal MaxWithdrawal = 1_000_000_000_000m;

    /// <summary>Why <paramref name="dollars"/> cannot be withdrawn as an amount (form and API say the same), or null.</summary>
    public static string? WithdrawalProblem(decimal dollars) =>
        dollars <= 0 || dollars > MaxWithdrawal ? "Withdraw an amount above $0 and at most $1,000,000,000,000."
        : dollars * Cash.MicrosPerDollar != decimal.Truncate(dollars * Cash.MicrosPerDollar) ? "The amount can have at most 6 decimal places."
        : null;

    /// <summary>
    /// Withdraws cash from the operator's available balance (SPEC §9: recorded, no payment rails). Refusals, which change
    /// nothing: <c>invalid_amount</c> (not above $0, above <see cref="MaxWithdrawal"/>, or finer than a micro-dollar) and
    /// <c>insufficient_cash</c> (more than is available: held cash stays). A retry with the same key returns the first receipt.
    /// </summary>
    public async Task<Economy.EconomyResult<Wallets.CashWithdrawal>> WithdrawAsync(long operatorId, decimal dollars, CancellationToken cancellationToken = default,
        Actor? by = null, string? idempotencyKey = null)
    {
        if (WithdrawalProblem(dollars) is { } problem)
            return Economy.EconomyResult<Wallets.CashWithdrawal>.Fail(Economy.EconomyErrors.InvalidAmount, problem, "amount");
        var command = new WithdrawCash(operatorId, Cash.FromDollars(dollars).Micros) { By = by ?? Actor.Operator(operatorId), IdempotencyKey = idempotencyKey };
        return await host.SubmitAsync<Economy.EconomyResult<Wallets.CashWithdrawal>>(command, cancellationToken);
    }

    /// <summary>Emits new XP to an operator: the demo population's genesis grants and admin credits.</summary>
    public Task<TransferResult> GrantXpAsync(long operatorId, long xp, Actor by, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(xp, 1);
        return host.SubmitAsync<TransferResult>(new GrantXp(operatorId, xp) { By = by }, cancellationToken);
    }

    /// <summary>Halts matching; the change and its audit entry commit together.</summary>
    public Task<bool> HaltAsync(Actor by, CancellationToken cancellationToken = default) =>
        host.SubmitAsync<bool>(new HaltMarket { By = by }, cancellationToken);

    /// <summary>Resumes matching; the change and its audit entry commit together.</summary>
    public Task<bool> ResumeAsync(Actor by, CancellationToken cancellationToken = default) =>
        host.SubmitAsync<bool>(new ResumeMarket { By = by }, cancellationToken);
}
