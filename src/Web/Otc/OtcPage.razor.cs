using Microsoft.AspNetCore.Components;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Otc;

/// <summary>The OTC desk page: offers to post and take, requests for quote with their quotes, and history.</summary>
public partial class OtcPage
{
    private static readonly int[] ExpiryChoices = [5, 15, 60, 240, 1_440, 10_080];

    [Inject] private OtcService Otc { get; set; } = default!;
    [Inject] private ParameterBoard Parameters { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private IReadOnlyList<OtcOfferView>? _offers;
    private IReadOnlyList<OtcOfferView>? _myOffers;
    private IReadOnlyList<OtcTradeView>? _myTrades;
    private IReadOnlyList<OtcTradeView>? _tape;
    private readonly Dictionary<long, string> _names = [];
    private OtcRequestsPanel? _requestsPanel;
    private Price? _reference;
    private string? _error;
    private bool _busy;

    private Side _offerSide = Side.Sell;
    private decimal? _offerPrice;
    private long? _offerQuantity;
    private long? _offerMinimum;
    private int _offerMinutes = 60;
    private long? _offerCounterparty;
    private string? _offerMessage;
    private string? _offerField;
    private readonly FormKey _offerKey = new();

    private long? _takeQuantity;
    private string? _takeMessage;
    private bool _takeOk;

    private OtcParameters Desk => Parameters.Current.Desk;

    private static string ExpiryText(int minutes) => minutes switch
    {
        < 60 => $"{minutes} minutes",
        < 1_440 => $"{minutes / 60} hour{(minutes == 60 ? "" : "s")}",
        _ => $"{minutes / 1_440} day{(minutes == 1_440 ? "" : "s")}",
    };

    protected override async Task OnInitializedAsync()
    {
        await FindOperatorAsync();
        if (OperatorId is null)
        {
            _error = "No wallet belongs to this account. Sign out and in again; if it persists, ask an admin.";
            return;
        }
        try
        {
            await RefreshAsync();
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException)
        {
            _error = "The OTC desk could not be loaded. Reload the page to try again.";
        }
    }

    protected override bool Wants(ExchangeEvent e) => e is OtcChanged || e is BalancesChanged balances && OperatorId is { } me && balances.OperatorIds.Contains(me);

    protected override async Task RefreshAsync()
    {
        var me = OperatorId!.Value;
        // Read into locals and shown together: the page renders at every await, and lists assigned one by one showed
        // the desk with some of them still missing (a null list in a child component).
        var offers = await Otc.OpenOffersAsync(me);
        var myOffers = await Otc.MyOffersAsync(me);
        var myTrades = await Otc.MyTradesAsync(me);
        var tape = await Otc.TapeAsync();
        foreach (var id in offers.Select(o => o.OperatorId).Concat(myTrades.SelectMany(t => new[] { t.BuyerId, t.SellerId })).Distinct())
        {
            if (!_names.ContainsKey(id))
                _names[id] = await Directory.NameOfAsync(id);
        }
        (_offers, _myOffers, _myTrades, _tape) = (offers, myOffers, myTrades, tape);
        _reference = Feed.Book.ReferencePrice;
        if (_requestsPanel is not null)
            await _requestsPanel.ReloadAsync();
    }

    private string NameOf(long operatorId) => _names.TryGetValue(operatorId, out var name) ? name : $"Operator {operatorId}";

    private long TakeQuantity(OtcOfferView offer) => _takeQuantity is { } q and > 0 ? Math.Min(q, offer.Remaining) : offer.Remaining;

    private async Task PostOfferAsync()
    {
        _offerMessage = _offerField = null;
        await SubmitErrors.ShowClearedAsync();
        if (_offerPrice is not { } dollars || Price.Check(dollars, OtcRules.MaxPriceTicks, out var price) != PriceCheck.Valid)
        {
            (_offerField, _offerMessage) = ("price", "Enter a price above $0, at most $1,000, in steps of $0.0001.");
            return;
        }
        if (_offerQuantity is not { } quantity)
        {
            (_offerField, _offerMessage) = ("quantity", "Enter how much XP to offer.");
            return;
        }
        _busy = true;
        var result = await Otc.PostOfferAsync(OperatorId!.Value, _offerSide, price.Ticks, quantity, _offerMinimum ?? 1,
            Clock.GetUtcNow().UtcDateTime.AddMinutes(_offerMinutes), _offerCounterparty, idempotencyKey: _offerKey.Value);
        _busy = false;
        if (!result.Succeeded)
        {
            (_offerField, _offerMessage) = (result.Field, result.Message);
            return;
        }
        _offerKey.Renew();
        _offerQuantity = _offerMinimum = _offerCounterparty = null;
        await RefreshAsync();
    }

    private async Task TakeAsync(OtcOfferView offer)
    {
        _busy = true;
        var result = await Otc.TakeOfferAsync(OperatorId!.Value, offer.Id, TakeQuantity(offer));
        _busy = false;
        _takeOk = result.Succeeded;
        _takeMessage = result.Value is { } trade
            ? $"Traded {Fmt.XpUnit(trade.Quantity)} at {Fmt.PriceUsd(trade.Price)} ({Fmt.Cash(trade.Notional)}, fee {Fmt.Cash(trade.TakerFee)})."
            : result.Message;
        await RefreshAsync();
    }

    private async Task CancelOfferAsync(long offerId)
    {
        var result = await Otc.CancelOfferAsync(OperatorId!.Value, offerId);
        _takeOk = result.Succeeded;
        _takeMessage = result.Succeeded ? "Offer cancelled; its hold is released." : result.Message;
        await RefreshAsync();
    }
}
