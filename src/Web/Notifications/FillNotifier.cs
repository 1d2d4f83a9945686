using System.Globalization;
using System.Threading.Channels;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Notifications;

/// <summary>
/// Tells both sides of every trade that their order filled: one notification per order per batch, with the quantity
/// and average price. Trades are queued off the engine's thread and written here.
/// </summary>
public sealed class FillNotifier(ExchangeFeed feed, NotificationService notifications, ILogger<FillNotifier> logger) : BackgroundService
{
    public const string Kind = "order.filled";

    private readonly Channel<TradesExecuted> _trades = Channel.CreateUnbounded<TradesExecuted>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe(e =>
        {
            if (e is TradesExecuted executed)
                _trades.Writer.TryWrite(executed);
        });
        await foreach (var executed in _trades.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var (operatorId, message) in Messages(executed.Fills))
            {
                try
                {
                    await notifications.NotifyAsync(operatorId, Kind, message, stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(error, "Could not notify operator {OperatorId} of a fill", operatorId);
                }
            }
        }
    }

    /// <summary>One message per (operator, order): "Sell order #12 filled 300 XP at $0.0150 (maker)."</summary>
    public static IEnumerable<(long OperatorId, string Message)> Messages(IReadOnlyList<Fill> fills)
    {
        var orders = new Dictionary<long, (long Operator, Side Side, bool Maker, long Quantity, long NotionalMicros)>();
        foreach (var fill in fills)
        {
            Add(fill.MakerOrderId, fill.MakerOperatorId, fill.TakerSide == Side.Buy ? Side.Sell : Side.Buy, true, fill);
            Add(fill.TakerOrderId, fill.TakerOperatorId, fill.TakerSide, false, fill);
        }
        foreach (var (orderId, o) in orders)
        {
            var average = (decimal)o.NotionalMicros / o.Quantity / Cash.MicrosPerDollar;
            var side = o.Side == Side.Buy ? "Buy" : "Sell";
            yield return (o.Operator,
                $"{side} order #{orderId} filled {Fmt.XpUnit(o.Quantity)} at {Fmt.PriceUsd(average)} ({(o.Maker ? "maker" : "taker")}).");
        }

        void Add(long orderId, long operatorId, Side side, bool maker, Fill fill)
        {
            orders.TryGetValue(orderId, out var current);
            orders[orderId] = (operatorId, side, maker, current.Quantity + fill.Quantity.Units,
                current.NotionalMicros + fill.Price.Notional(fill.Quantity).Micros);
        }
    }
}
