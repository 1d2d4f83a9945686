using System.Threading.Channels;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Notifications;

namespace XpFlywheel.Web.Otc;

/// <summary>Tells both sides of an OTC trade that it settled, and a requester that a quote arrived.</summary>
public sealed class OtcNotifier(ExchangeFeed feed, NotificationService notifications, ILogger<OtcNotifier> logger) : BackgroundService
{
    public const string FilledKind = "otc.filled";
    public const string QuotedKind = "otc.quoted";

    private readonly Channel<ExchangeEvent> _events = Channel.CreateUnbounded<ExchangeEvent>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe(e =>
        {
            if (e is OtcTraded or OtcQuoted)
                _events.Writer.TryWrite(e);
        });
        await foreach (var exchangeEvent in _events.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await notifications.NotifyManyAsync([.. Messages(exchangeEvent)], stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(error, "Could not write OTC notifications");
            }
        }
    }

    /// <summary>The notifications one OTC event gives: a fill to each side, a quote to its requester.</summary>
    public static IEnumerable<(long OperatorId, string Kind, string Message)> Messages(ExchangeEvent exchangeEvent)
    {
        switch (exchangeEvent)
        {
            case OtcTraded { Trade: var t }:
                var amount = $"{Fmt.XpUnit(t.Quantity)} at {Fmt.PriceUsd(t.Price)}";
                yield return (t.BuyerId, FilledKind, $"OTC: you bought {amount} ({Fmt.Cash(t.Notional)}).");
                yield return (t.SellerId, FilledKind, $"OTC: you sold {amount} ({Fmt.Cash(t.Notional)}).");
                break;
            case OtcQuoted quoted:
                yield return (quoted.RequesterId, QuotedKind,
                    $"OTC: a quote of {Fmt.PriceUsd(quoted.Quote.Price)} for your request of {Fmt.XpUnit(quoted.Quantity)}, firm until {quoted.Quote.ExpiresAt:HH:mm:ss} UTC.");
                break;
        }
    }
}
