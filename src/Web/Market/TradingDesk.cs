using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>The order desk backed by the engine.</summary>
public sealed class TradingDesk(TradingService trading) : IOrderDesk
{
    public Task<TradeResult> PlaceAsync(long operatorId, PlaceOrderRequest request, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        trading.PlaceAsync(operatorId, request, cancellationToken, idempotencyKey);

    public Task<TradeResult> CancelAsync(long operatorId, long orderId, CancellationToken cancellationToken = default) =>
        trading.CancelAsync(operatorId, orderId, cancellationToken);

    public Task<TradeResult> CancelAllAsync(long operatorId, CancellationToken cancellationToken = default) =>
        trading.CancelAllAsync(operatorId, cancellationToken);

    public Task<TradeResult> AmendAsync(long operatorId, long orderId, long? newQuantity, decimal? newPrice, CancellationToken cancellationToken = default) =>
        trading.AmendAsync(operatorId, orderId, newQuantity, newPrice, cancellationToken);

    public Task<(long Sequence, IReadOnlyList<OrderView> Orders)> RestingOrdersAsync(long operatorId, CancellationToken cancellationToken = default) =>
        trading.RestingOrdersAsync(operatorId, cancellationToken);

    public Task<IReadOnlyDictionary<long, QueuePosition>> QueuePositionsAsync(IReadOnlyCollection<long> orderIds, CancellationToken cancellationToken = default) =>
        trading.QueuePositionsAsync(orderIds, cancellationToken);
}
