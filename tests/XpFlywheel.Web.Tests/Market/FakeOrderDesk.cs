using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Web.Tests.Market;

/// <summary>Records what the components ask the engine to do and answers with <see cref="NextResult"/>.</summary>
public sealed class FakeOrderDesk : IOrderDesk
{
    private static readonly TradeResult Accepted = TradeResult.From(new OrderOutcome(true, RejectReason.None, 1, false, 0, 0, [], [], MarketParameters.Default.BandBps));

    public TradeResult NextResult { get; set; } = Accepted;

    public List<(long OperatorId, PlaceOrderRequest Request)> Placed { get; } = [];

    /// <summary>The idempotency key each placement carried, in order.</summary>
    public List<string?> Keys { get; } = [];

    public List<(long OperatorId, long OrderId)> Cancelled { get; } = [];

    public Task<TradeResult> PlaceAsync(long operatorId, PlaceOrderRequest request, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        // A key seen before is answered as the exchange does: a repeat of the first order, placing nothing.
        var repeat = idempotencyKey is not null && Keys.Contains(idempotencyKey) && NextResult.Outcome is { Accepted: true };
        Placed.Add((operatorId, request));
        Keys.Add(idempotencyKey);
        return Task.FromResult(repeat ? TradeResult.From(NextResult.Outcome! with { IsRepeat = true }) : NextResult);
    }

    /// <summary>When set, a cancel waits for it before answering (an exchange still working on the first click).</summary>
    public TaskCompletionSource? CancelGate { get; set; }

    public async Task<TradeResult> CancelAsync(long operatorId, long orderId, CancellationToken cancellationToken = default)
    {
        Cancelled.Add((operatorId, orderId));
        if (CancelGate is { } gate)
            await gate.Task;
        // The exchange refuses a second cancel of the same order: it is no longer open.
        return Cancelled.Count(c => c == (operatorId, orderId)) > 1
            ? TradeResult.Invalid(new Dictionary<string, string[]> { ["order"] = ["No open order with this id."] })
            : NextResult;
    }

    /// <summary>How many times cancel-all was sent.</summary>
    public int CancelAllCalls { get; private set; }

    public Task<TradeResult> CancelAllAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        CancelAllCalls++;
        return Task.FromResult(NextResult);
    }

    public List<(long OperatorId, long OrderId, long? Quantity, decimal? Price)> Amended { get; } = [];

    public Task<TradeResult> AmendAsync(long operatorId, long orderId, long? newQuantity, decimal? newPrice, CancellationToken cancellationToken = default)
    {
        Amended.Add((operatorId, orderId, newQuantity, newPrice));
        return Task.FromResult(NextResult);
    }

    /// <summary>The resting orders <see cref="RestingOrdersAsync"/> answers with (none unless a test sets them).</summary>
    public List<OrderView> Resting { get; } = [];

    public Task<(long Sequence, IReadOnlyList<OrderView> Orders)> RestingOrdersAsync(long operatorId, CancellationToken cancellationToken = default) =>
        Task.FromResult<(long, IReadOnlyList<OrderView>)>((0, [.. Resting.Where(o => o.OperatorId == operatorId)]));

    public Task<IReadOnlyDictionary<long, QueuePosition>> QueuePositionsAsync(IReadOnlyCollection<long> orderIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<long, QueuePosition>>(new Dictionary<long, QueuePosition>());
}
