using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// What pages and the API call to trade: validates the request, runs it on the single writer and returns the
/// engine's outcome once it is durable. Validation errors never reach the engine.
/// </summary>
public sealed class TradingService(ExchangeHost host)
{
    public async Task<TradeResult> PlaceAsync(long operatorId, PlaceOrderRequest request, CancellationToken cancellationToken = default)
    {
        var errors = request.Validate(operatorId, out var command);
        if (errors.Count > 0)
            return TradeResult.Invalid(errors);
        return TradeResult.From(await host.ExecuteAsync(session => session.Place(command), cancellationToken));
    }

    public async Task<TradeResult> CancelAsync(long operatorId, long orderId, CancellationToken cancellationToken = default) =>
        TradeResult.From(await host.ExecuteAsync(session => session.Cancel(operatorId, orderId), cancellationToken));

    public async Task<TradeResult> CancelAllAsync(long operatorId, CancellationToken cancellationToken = default) =>
        TradeResult.From(await host.ExecuteAsync(session => session.CancelAll(operatorId), cancellationToken));

    public async Task<TradeResult> AmendAsync(long operatorId, long orderId, long? newQuantity, decimal? newPrice, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (newQuantity is null && newPrice is null)
            errors["order"] = ["Give a new quantity, a new price, or both."];
        if (newQuantity is < 1 or > MatchingEngine.MaxQuantity)
            errors["quantity"] = ["Quantity must be a whole number of XP from 1 to 1,000,000,000."];
        Price? price = null;
        if (newPrice is { } p)
        {
            var ticks = p * Price.TicksPerDollar;
            if (p <= 0 || ticks != decimal.Truncate(ticks) || ticks > MatchingEngine.MaxPriceTicks)
                errors["price"] = ["The price must be above zero, at most $1,000, on the 0.0001 tick."];
            else
                price = new Price((long)ticks);
        }
        if (errors.Count > 0)
            return TradeResult.Invalid(errors);
        var command = new AmendOrder(orderId, operatorId, newQuantity is { } q ? new Xp(q) : null, price);
        return TradeResult.From(await host.ExecuteAsync(session => session.Amend(command), cancellationToken));
    }

    /// <summary>Queue position of each of the operator's resting orders, read on the writer so it is exact.</summary>
    public Task<IReadOnlyDictionary<long, QueuePosition>> QueuePositionsAsync(IReadOnlyCollection<long> orderIds, CancellationToken cancellationToken = default) =>
        host.ExecuteAsync<IReadOnlyDictionary<long, QueuePosition>>(session =>
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
    public async Task<TransferResult> DepositAsync(long operatorId, Cash amount, long reference = 0, CancellationToken cancellationToken = default)
    {
        if (amount.Micros <= 0)
            throw new ArgumentOutOfRangeException(nameof(amount), "A deposit must be positive.");
        return await host.ExecuteAsync(session => session.Ledger.Deposit(operatorId, amount.Micros, reference), cancellationToken);
    }

    public Task HaltAsync(CancellationToken cancellationToken = default) =>
        host.ExecuteAsync(session => session.Engine.Halt().IsAccepted, cancellationToken);

    public Task ResumeAsync(CancellationToken cancellationToken = default) =>
        host.ExecuteAsync(session => session.Engine.Resume().IsAccepted, cancellationToken);
}
