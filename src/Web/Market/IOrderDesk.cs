using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>The trading commands the market page sends, as <see cref="TradingService"/> runs them on the engine.</summary>
public interface IOrderDesk
{
    /// <summary>Places an order; <paramref name="idempotencyKey"/> (a form's key) makes a repeat return the first outcome.</summary>
    Task<TradeResult> PlaceAsync(long operatorId, PlaceOrderRequest request, CancellationToken cancellationToken = default, string? idempotencyKey = null);

    Task<TradeResult> CancelAsync(long operatorId, long orderId, CancellationToken cancellationToken = default);

    Task<TradeResult> CancelAllAsync(long operatorId, CancellationToken cancellationToken = default);

    Task<TradeResult> AmendAsync(long operatorId, long orderId, long? newQuantity, decimal? newPrice, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<long, QueuePosition>> QueuePositionsAsync(IReadOnlyCollection<long> orderIds, CancellationToken cancellationToken = default);

    /// <summary>The operator's resting orders and the journal sequence they reflect (<see cref="TradingService.RestingOrdersAsync"/>).</summary>
    Task<(long Sequence, IReadOnlyList<OrderView> Orders)> RestingOrdersAsync(long operatorId, CancellationToken cancellationToken = default);
}
