using System.Globalization;
using System.Threading.Channels;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Notifications;

/// <summary>
/// Tells operators about the economy's events that concern them: what an epoch paid them, and XP released from an
/// unlock. Events are queued off the engine's thread and written here.
/// </summary>
public sealed class EconomyNotifier(ExchangeFeed feed, NotificationService notifications, ILogger<EconomyNotifier> logger) : BackgroundService
{
    public const string EpochPaidKind = "epoch.paid";
    public const string UnlockReleasedKind = "unlock.released";

    // An epoch close may pay tens of thousands of operators: their notifications are written a few hundred per
    // transaction, so the write lock the exchange also needs is taken briefly, not once per operator.
    private const int NotificationsPerTransaction = 500;

    private readonly Channel<ExchangeEvent> _events = Channel.CreateUnbounded<ExchangeEvent>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe(e =>
        {
            if (e is EpochClosed or EpochCreditsPaid or UnlockReleased)
                _events.Writer.TryWrite(e);
        });
        await foreach (var exchangeEvent in _events.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var batch in Messages(exchangeEvent).Chunk(NotificationsPerTransaction))
            {
                try
                {
                    await notifications.NotifyManyAsync(batch, stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(error, "Could not notify {Count} operators, the first {OperatorId} ({Kind})", batch.Length, batch[0].OperatorId, batch[0].Kind);
                }
            }
        }
    }

    public static IEnumerable<(long OperatorId, string Kind, string Message)> Messages(ExchangeEvent exchangeEvent)
    {
        switch (exchangeEvent)
        {
            case EpochClosed { PaidByOperator: { } paid } closed:
                foreach (var message in Paid(closed.Number, closed.Pool, paid))
                    yield return message;
                break;
            case EpochCreditsPaid part:
                foreach (var message in Paid(part.Number, part.Pool, part.PaidByOperator))
                    yield return message;
                break;
            case UnlockReleased released:
                yield return (released.OperatorId, UnlockReleasedKind,
                    $"{Fmt.XpUnit(released.Amount)} unlocked from {released.AgentName} is available again.");
                break;
        }
    }

    private static IEnumerable<(long OperatorId, string Kind, string Message)> Paid(long number, long pool, IReadOnlyDictionary<long, long> paid)
    {
        foreach (var (operatorId, xp) in paid)
        {
            if (xp > 0)
                yield return (operatorId, EpochPaidKind, $"Epoch {number} paid your agents {Fmt.XpUnit(xp)} (pool {Fmt.XpUnit(pool)}).");
        }
    }
}
