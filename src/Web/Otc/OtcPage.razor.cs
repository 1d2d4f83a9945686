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
    [Inject] private MudBlazor.IDialogService Dialogs { get; set; } = default!;
    [Inject] private Microsoft.EntityFrameworkCore.IDbContextFactory<Data.AppDbContext> DbFactory { get; set; } = default!;

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
    private int _offerMinutes = 60;
    // A refusal of the offer form that names no field of it, said above its button.
    private string? _offerMessage;
    // What is wrong with each field of the offer form, said under that field: every field at once, as the order ticket does.
    private readonly Dictionary<string, string> _offerErrors = [];

    /// <summary>The offer form's fields that take their own refusals; any other refusal is said above the button.</summary>
    private static readonly string[] OfferFields = ["price", "quantity", "minimumFill", "counterparty"];
    private readonly FormKey _offerKey = new();

    // The optional whole-number fields, as typed: empty means "all that is left", "1" or "anyone", so text that is not a
    // whole number must be refused, never read as empty (a numeric field leaves its value empty for such text).
    private string? _takeText;
    private string? _offerMinimumText;
    private string? _offerCounterpartyText;
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

    // The quantity an offer's button shows: what a take would ask for now; null while the field holds what no take of
    // this offer can be, below its minimum fill included (the button then names no size, and pressing it says why).
    private long? TakeQuantity(OtcOfferView offer) =>
        WholeNumber(_takeText) is var (typed, readable) && TakeQuantity(typed, !readable, offer.Remaining) is (var quantity, null)
        && quantity >= Math.Min(offer.MinimumFill, offer.Remaining) ? quantity : null;

    private string TakeLabel(OtcOfferView offer) =>
        $"{(offer.Side == Side.Sell ? "Buy" : "Sell")}{(TakeQuantity(offer) is { } quantity ? " " + Fmt.Xp(quantity) : "")} at {Fmt.PriceUsd(offer.Price)}";

    /// <summary>
    /// A whole number as typed in an optional field: (null, true) when empty, (the number, true) for digits with an
    /// optional minus sign within <see cref="long"/>, (null, false) for anything else ("1.5", "1e30", "abc").
    /// </summary>
    internal static (long? Value, bool Readable) WholeNumber(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return (null, true);
        var digits = trimmed.StartsWith('-') ? trimmed[1..] : trimmed;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit)
               && long.TryParse(trimmed, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? (value, true)
            : (null, false);
    }

    /// <summary>
    /// What a take asks for: the typed whole XP, all that is left when the field is empty, or an error for unreadable
    /// text, zero, a negative number or more than the offer has left (never another size than the trader meant: a
    /// take of more than is left is refused, not cut to what is left).
    /// </summary>
    /// <summary>
    /// What is wrong with the typed quantity whatever the offer (not a whole number, or below 1 XP), said under the field
    /// as it is typed; null when it is empty or could be taken from some offer.
    /// </summary>
    private string? TakeTextProblem => WholeNumber(_takeText) is var (typed, readable) ? TakeQuantity(typed, !readable, long.MaxValue).Error : null;

    internal static (long Quantity, string? Error) TakeQuantity(long? typed, bool unreadable, long remaining) => (typed, unreadable) switch
    {
        (_, true) => (0, "Enter a whole number of XP to take, or leave the field empty to take all that is left."),
        (null, false) => (remaining, null),
        ( <= 0, false) => (0, "The quantity to take must be at least 1 XP; leave the field empty to take all that is left."),
        ({ } q, false) when q > remaining => (0, $"This offer has only {Fmt.XpUnit(remaining)} left: take at most that, or leave the field empty to take all that is left."),
        ({ } q, false) => (q, null),
    };

    // The offer the form last posted, said beside it until the next submission.
    private OtcOfferView? _posted;

    private async Task PostOfferAsync()
    {
        if (_busy)
            return;
        // The size fields empty on success: an emptied form sent just after one is the double click's second half,
        // and keeps the posted offer on screen.
        if (_offerQuantity is null && _offerMinimumText is null && _offerCounterpartyText is null && _offerKey.JustSucceeded)
            return;
        _offerMessage = null;
        _offerErrors.Clear();
        _posted = null;
        await SubmitErrors.ShowClearedAsync();
        var price = default(Price);
        if (_offerPrice is not { } dollars || Price.Check(dollars, OtcRules.MaxPriceTicks, out price) != PriceCheck.Valid)
            // In the order ticket's words, one message for one mistake wherever a price is typed.
            _offerErrors["price"] = _offerPrice is { } typed ? Market.PriceText.RangeProblem(typed) ?? Market.PriceText.NoPrice : Market.PriceText.NoPrice;
        if (_offerQuantity is null)
            _offerErrors["quantity"] = "Enter how much XP to offer.";
        var (minimum, minimumReadable) = WholeNumber(_offerMinimumText);
        if (!minimumReadable)
            _offerErrors["minimumFill"] = "Enter the minimum fill as a whole number of XP, or leave it empty for 1.";
        var (counterparty, counterpartyReadable) = WholeNumber(_offerCounterpartyText);
        if (!counterpartyReadable)
            _offerErrors["counterparty"] = "Enter an operator number, or leave it empty to offer to anyone.";
        if (_offerErrors.Count > 0 || _offerQuantity is not { } quantity)
            return;
        _busy = true;
        Economy.EconomyResult<OtcOfferView> result;
        try
        {
            result = await Otc.PostOfferAsync(OperatorId!.Value, _offerSide, price.Ticks, quantity, minimum ?? 1,
                Clock.GetUtcNow().UtcDateTime.AddMinutes(_offerMinutes), counterparty, idempotencyKey: _offerKey.Value);
        }
        finally
        {
            _busy = false;
        }
        if (!result.Succeeded)
        {
            if (result.Field is { } field && OfferFields.Contains(field))
                _offerErrors[field] = result.Message ?? "";
            else
                _offerMessage = result.Message;
            return;
        }
        _offerKey.Renew();
        _posted = result.Value;
        _offerQuantity = null;
        _offerMinimumText = _offerCounterpartyText = null;
        await RefreshAsync();
    }

    // One filling-in of the take field: a second click or Enter while the first take is under way does nothing, and
    // a take repeated after a dropped answer carries the same key per offer, so it applies once.
    private readonly FormKey _takeKey = new();

    private async Task TakeAsync(OtcOfferView offer)
    {
        if (_busy)
            return;
        var (typed, readable) = WholeNumber(_takeText);
        var (quantity, invalid) = TakeQuantity(typed, !readable, offer.Remaining);
        invalid ??= BelowMinimumFill(offer, quantity);
        if (invalid is not null)
        {
            (_takeOk, _takeMessage) = (false, invalid);
            return;
        }
        // The outcome of an earlier take is not left on screen behind this one's confirmation.
        (_takeOk, _takeMessage) = (false, null);
        _busy = true;
        try
        {
            // A take the account cannot pay for is refused before it is confirmed, with the desk's own words; the desk
            // checks again when it settles.
            if (await ShortfallAsync(offer, quantity) is { } shortfall)
            {
                (_takeOk, _takeMessage) = (false, shortfall);
                _focusTakeResult = true;
                return;
            }
            // The list refreshes live, so the row under the pointer may have moved: the confirmation names what is taken.
            if (await ConfirmTakeAsync(offer, quantity) != true)
                return;
            // Confirmed in a dialog, so a second take of the same size is deliberate: no repeat window here (FormKey.For).
            var result = await Otc.TakeOfferAsync(OperatorId!.Value, offer.Id, quantity, idempotencyKey: $"{_takeKey.Value}-{offer.Id}");
            _takeOk = result.Succeeded;
            _takeMessage = result.Value is { } trade
                ? trade.TakerSummary()
                : result.Message;
            _focusTakeResult = true;
            if (result.Succeeded)
                _takeKey.Renew();
        }
        finally
        {
            _busy = false;
        }
        await RefreshAsync();
    }

    /// <summary>
    /// The refusal the desk would give a take of <paramref name="quantity"/> below the offer's minimum fill (unless it
    /// takes all that is left; <see cref="OtcRules"/>), said before the confirmation rather than after it.
    /// </summary>
    internal static string? BelowMinimumFill(OtcOfferView offer, long quantity) =>
        quantity < Math.Min(offer.MinimumFill, offer.Remaining)
            ? $"This offer's minimum fill is {Fmt.XpUnit(Math.Min(offer.MinimumFill, offer.Remaining))}: take at least that much, or leave the field empty to take all that is left."
            : null;

    /// <summary>
    /// Why the signed-in operator cannot pay for a take of <paramref name="quantity"/> (cash for the notional and the
    /// taker fee when buying, XP when selling), as the desk would say it; null when the balance covers it.
    /// </summary>
    private async Task<string?> ShortfallAsync(OtcOfferView offer, long quantity)
    {
        var fill = OtcRules.Fill(offer.OperatorId, OperatorId!.Value, offer.Side, offer.Price, quantity, Desk);
        var buying = offer.Side == Side.Sell;
        await using var db = await DbFactory.CreateDbContextAsync();
        var id = OperatorId!.Value;
        var wallet = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
            db.Wallets.Where(w => w.Id == id).Select(w => new { w.CashAvailable, w.XpAvailable }));
        if (wallet is null)
            return null;
        var (available, required) = buying ? (wallet.CashAvailable, fill.NotionalMicros + fill.TakerFeeMicros) : (wallet.XpAvailable, quantity);
        return available < required ? OtcErrors.Short(buying, available, required).Message : null;
    }

    private Task<bool?> ConfirmTakeAsync(OtcOfferView offer, long quantity)
    {
        var fill = OtcRules.Fill(offer.OperatorId, OperatorId!.Value, offer.Side, offer.Price, quantity, Desk);
        var buying = offer.Side == Side.Sell;
        return Dialogs.ShowMessageBoxAsync(
            buying ? "Buy XP over the counter?" : "Sell XP over the counter?",
            $"{(buying ? "Buy" : "Sell")} {Fmt.XpUnit(quantity)} {(buying ? "from" : "to")} {NameOf(offer.OperatorId)} at {Fmt.PriceUsd(offer.Price)} per XP: " +
            $"{Fmt.CashExact(new Cash(fill.NotionalMicros))} {(buying ? "plus" : "less")} a taker fee of {Fmt.CashExact(new Cash(fill.TakerFeeMicros))} ({Fmt.FeeBps(Desk.TakerFeeBps)}). " +
            "It settles at once and cannot be undone.",
            yesText: buying ? "Buy" : "Sell", cancelText: "Cancel");
    }

    private ElementReference _takeResult;
    private bool _focusTakeResult;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusTakeResult && _takeMessage is not null)
        {
            _focusTakeResult = false;
            await _takeResult.FocusAsync();
        }
    }

    private async Task CancelOfferAsync(long offerId)
    {
        if (_busy)
            return;
        _busy = true;
        try
        {
            var result = await Otc.CancelOfferAsync(OperatorId!.Value, offerId);
            _takeOk = result.Succeeded;
            _takeMessage = result.Succeeded ? "Offer cancelled; its hold is released." : result.Message;
            _focusTakeResult = true;
        }
        finally
        {
            _busy = false;
        }
        await RefreshAsync();
    }
}
