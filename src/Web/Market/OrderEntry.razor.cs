using Microsoft.AspNetCore.Components;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Market;

/// <summary>
/// The order ticket. Fees in the preview and the size buttons come from the published market parameters and follow
/// every change; a buy is sized by what the engine would hold for it, so no size button offers more than the account can pay.
/// </summary>
public partial class OrderEntry : IDisposable
{
    [Inject] private ParameterBoard Parameters { get; set; } = default!;
    [Inject] private ExchangeFeed Feed { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private IDisposable? _subscription;
    private LiveRefresh? _live;

    private static readonly int[] Percents = [25, 50, 75, 100];

    // MudButton's and MudIconButton's classes, written on plain buttons.
    private const string TickButton = "mud-button-root mud-icon-button mud-button mud-button-outlined mud-button-outlined-default mud-button-outlined-size-small mud-ripple mud-icon-button-size-small";
    private const string PercentButton = "mud-button-root mud-button mud-button-outlined mud-button-outlined-default mud-button-outlined-size-small mud-ripple flex-grow-1 px-0";

    private string SideButton(Side side)
    {
        var colour = side == Side.Buy ? "success" : "error";
        var variant = _side == side ? "filled" : "outlined";
        return $"mud-button-root mud-button mud-button-{variant} mud-button-{variant}-{colour} mud-button-{variant}-size-medium mud-ripple flex-grow-1";
    }

    // MudTextField's outer classes, for the ticket's plain fields.
    private static string Control(Field? field) =>
        "mud-input-control mud-input-control-margin-dense mud-input-outlined-with-label mud-input-input-control mud-input-sizing-fixed"
        + (field?.Error is null ? "" : " mud-input-error") + (field?.Class is null ? "" : " " + field.Class);

    /// <summary>A text field of the ticket: its name (the input's id and test id suffix), label, text and what reads it.</summary>
    /// <param name="Shown">What the input shows when it is (re)drawn: set only when the ticket itself changes the text
    /// (a tick button, a size button, a clicked book level). Typed text is never written back, so a render that
    /// happens between two keystrokes (a book update) cannot overwrite the newer text in the browser with the older
    /// text the server has: 0.018 typed fast once arrived as 0.08.</param>
    /// <param name="Version">Bumped with every change of <paramref name="Shown"/>: the input is drawn anew, so the
    /// new text shows even when it equals the last text the ticket set.</param>
    private sealed record Field(string Name, string Label, string? Value, Action<string?> Changed, bool Immediate = false,
        string InputMode = "text", string? Pattern = null, int MaxLength = FieldLength.Number, string? Error = null, string? Helper = null, string? Class = null,
        string? Shown = null, int Version = 0);

    // Ties each label to its input on a page that could hold more than one ticket.
    private readonly string _uid = "ticket-" + Guid.NewGuid().ToString("N")[..8];

    private static readonly TimeInForce[] Tifs = [TimeInForce.Gtc, TimeInForce.Ioc, TimeInForce.Fok];

    private void TifChanged(ChangeEventArgs e)
    {
        if (Enum.TryParse<TimeInForce>(e.Value as string, ignoreCase: false, out var tif) && Tifs.Contains(tif))
            _tif = tif;
        Edited();
    }

    private string PlaceButton =>
        $"mud-button-root mud-button mud-button-filled mud-button-filled-{(_side == Side.Buy ? "success" : "error")} mud-button-filled-size-medium mud-width-full mud-ripple";

    [Parameter, EditorRequired] public long OperatorId { get; set; }

    [Parameter] public Data.Wallet? Wallet { get; set; }

    [Parameter] public FairValue? FairValue { get; set; }

    /// <summary>Prefills the side, e.g. from the wallet's "sell, lock or burn?" panel (/market?side=sell&amp;quantity=N).</summary>
    [Parameter] public Side? InitialSide { get; set; }

    /// <summary>Prefills the quantity in XP.</summary>
    [Parameter] public long? InitialQuantity { get; set; }

    /// <summary>Prefills the order type (/market?type=market: a market order, IOC).</summary>
    [Parameter] public OrderType? InitialType { get; set; }

    protected override void OnInitialized()
    {
        if (InitialSide is { } side)
            _side = side;
        if (InitialType is OrderType.Market)
            TypeChanged(OrderType.Market);
        if (InitialQuantity is > 0)
            SetQuantity(InitialQuantity);
        _live = new LiveRefresh(Clock, InvokeAsync, Refresh);
        _subscription = Feed.Subscribe(e =>
        {
            if (e is ParametersChanged)
                _live.Signal();
            else if (e is AccountActivity activity)
            {
                var signal = false;
                foreach (var change in activity.Orders)
                {
                    if (change.OperatorId != OperatorId || Volatile.Read(ref _restingUnknown))
                        continue;
                    _ownChanges.Enqueue(change);
                    signal = true;
                }
                if (_successOrderId is { } shown && activity.Orders.LastOrDefault(o => o.OrderId == shown && o.OperatorId == OperatorId) is { } followed)
                    _followed.Enqueue(followed);
                if (signal)
                    _live.Signal();
            }
        });
        _ = LoadRestingAsync();
    }

    // Your own resting orders (id → side, price in ticks, XP open), kept from a read on the writer and the changes after
    // it: the preview walks the others' orders only, as an order never trades against its operator's own (SPEC §8).
    private readonly Dictionary<long, (Side Side, long PriceTicks, long Remaining)> _resting = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<OrderChange> _ownChanges = new();
    private long? _restingSequence;

    // Set when the read failed: the preview walks the whole book, and changes are no longer kept.
    private bool _restingUnknown;

    // The read as it arrived, taken up by the next refresh on the circuit's thread.
    private (long Sequence, IReadOnlyList<OrderView> Orders)? _restingRead;

    private async Task LoadRestingAsync()
    {
        try
        {
            var read = await Desk.RestingOrdersAsync(OperatorId);
            lock (_ownChanges)
                _restingRead = read;
            _live?.Signal();
        }
        catch (Exception)
        {
            // The exchange could not be read, or the page went away: without your orders the preview walks the whole
            // book, and the changes heard meanwhile are dropped.
            Volatile.Write(ref _restingUnknown, true);
            _ownChanges.Clear();
        }
    }

    // Applies the changes heard since the read (on the circuit's thread, once the read is in).
    private void ApplyOwnChanges()
    {
        if (_restingSequence is null)
        {
            (long Sequence, IReadOnlyList<OrderView> Orders)? arrived;
            lock (_ownChanges)
                arrived = _restingRead;
            if (arrived is not { } first)
                return;
            foreach (var order in first.Orders)
                _resting[order.OrderId] = (order.Side, order.Price.Ticks, order.Remaining.Units);
            _restingSequence = first.Sequence;
        }
        var read = _restingSequence.Value;
        while (_ownChanges.TryDequeue(out var change))
        {
            if (change.Sequence <= read)
                continue;
            if (change.Kind is OrderChangeKind.Filled or OrderChangeKind.Cancelled or OrderChangeKind.Expired || change.Remaining.Units <= 0)
                _resting.Remove(change.OrderId);
            else
                _resting[change.OrderId] = (change.Side, change.Price.Ticks, change.Remaining.Units);
        }
    }

    // The book's levels on the side an order of ours would take, without our own resting orders there.
    private IReadOnlyList<DepthLevel> Opposite
    {
        get
        {
            var levels = _side == Side.Buy ? MarketData.Book.Asks : MarketData.Book.Bids;
            var restingSide = _side == Side.Buy ? Side.Sell : Side.Buy;
            Dictionary<long, long>? own = null;
            foreach (var (side, priceTicks, remaining) in _resting.Values)
            {
                if (side != restingSide)
                    continue;
                own ??= [];
                own[priceTicks] = own.GetValueOrDefault(priceTicks) + remaining;
            }
            return own is null ? levels : OrderPreview.WithoutOwn(levels, own);
        }
    }

    private MarketParameters Market => Parameters.Current.Market;

    // A limit order is previewed at its limit price, but what crosses fills at the resting orders' better prices (a buy
    // at 0.0201 against asks at 0.0198 costs less): its total is a bound, said as one, so a fill that costs less or pays
    // more than the preview is not read as a mistake. A resting part pays the maker fee, so for one that may rest the
    // bound holds only while the maker fee is no larger than the taker fee the preview uses.
    private string TotalLabel =>
        _type == OrderType.Limit && (_tif != TimeInForce.Gtc || Market.MakerFeeBps <= Market.TakerFeeBps)
            ? _side == Side.Buy ? "Total cost, at most" : "You receive, at least"
            : _side == Side.Buy ? "Total cost" : "You receive";

    private Side _side = Side.Buy;
    private OrderType _type = OrderType.Limit;
    private string? _priceText;
    private (string? Text, int Version) _priceShown;
    private decimal? _price;
    private string? _clientOrderId;
    private long? _quantity;
    private string? _quantityText;
    private (string? Text, int Version) _quantityShown;
    private TimeInForce _tif = TimeInForce.Gtc;
    private bool _postOnly;
    private bool _busy;
    private string? _error;
    private string? _success;

    // The resting order the success line tells of: a later change to it (a fill, a cancel, an amend) rewrites the
    // line, so the ticket never says an order rests that the open-orders list shows gone.
    private long? _successOrderId;

    // What rested of it when the line was last written: the placement's own change (published around its answer)
    // leaves it as it was and is not news.
    private long _successRemaining;

    // How the accepted order's line reads: green when all of it filled or rests, amber when part of it ended unfilled
    // (an IOC or market remainder that expired, or what self-trade prevention cancelled), blue for a repeat.
    private MudBlazor.Severity _successSeverity = MudBlazor.Severity.Success;

    private OrderPreview? Preview => OrderPreview.For(_side, _type, _price, _quantity, Opposite, Market.TakerFeeBps);

    /// <summary>
    /// What the preview must warn of before the order is sent, from what the page knows: more than the available cash
    /// or XP can hold (the 100% button's size, so the exchange would refuse it), or, for an immediate-or-cancel or
    /// fill-or-kill limit, more than the book shows at the limit or better (a fill-or-kill would be refused whole, an
    /// immediate-or-cancel remainder would expire). Every one that applies, in that order, as one text; null when none
    /// applies or it cannot be told.
    /// </summary>
    internal string? PreviewWarning
    {
        get
        {
            if (_quantity is not > 0 || Preview is null)
                return null;
            var quantity = _quantity.Value;
            var market = Market;
            var warnings = new List<string>(3);
            if (Wallet is { } wallet)
            {
                // The hold alone (no asks walked): a market buy beyond the asks in view is told by the unfilled line.
                var holdPrice = _side == Side.Buy ? OrderPreview.HoldPrice(_type, _price, MarketData.Book, market) : null;
                if (_side == Side.Sell && quantity > wallet.XpAvailable)
                    warnings.Add($"You have {Fmt.Xp(wallet.XpAvailable)} XP available: the exchange would refuse a sell of {Fmt.Xp(quantity)}.");
                if (_side == Side.Buy && holdPrice is not null
                    && OrderPreview.QuantityFor(Side.Buy, 100, holdPrice, wallet.CashAvailable, 0, market) is var most && quantity > most)
                    warnings.Add($"Your available cash ({Fmt.Cash(wallet.CashAvailable)}) holds at most {Fmt.Xp(most)} XP for this order, fee included: the exchange would refuse {Fmt.Xp(quantity)}.");
            }
            // The band the engine checks a limit price against (SPEC §8), told before sending as its refusal would
            // tell it after: the reference price the book last showed, and the prices accepted around it.
            // (A halted market refuses every order first, for that reason, so the band is not the one to tell.)
            if (_type == OrderType.Limit && !MarketData.Book.Halted && _price is { } banded
                && Core.Primitives.Price.Check(banded, MatchingEngine.MaxPriceTicks, out var bandedTicks) == PriceCheck.Valid
                && MarketData.Book.ReferencePrice is { } reference
                && Math.Abs(bandedTicks.Ticks - reference.Ticks) > market.BandWidthTicks(reference.Ticks))
                warnings.Add(RejectMessages.For(RejectReason.PriceOutsideBand, market.BandBps, reference.Ticks).Replace(" are accepted.", " are accepted now: the exchange would refuse this one."));
            if (_type == OrderType.Limit && _tif != TimeInForce.Gtc && _price is { } limit
                && Core.Primitives.Price.Check(limit, MatchingEngine.MaxPriceTicks, out var ticks) == PriceCheck.Valid
                && OrderPreview.FillableAt(_side, ticks, Opposite) is { } fillable
                && fillable < quantity)
            {
                var shown = $"The book shows {Fmt.Xp(fillable)} XP at {Fmt.PriceUsd(limit)} or better";
                warnings.Add(_tif == TimeInForce.Fok
                    ? $"{shown}: a fill-or-kill of {Fmt.Xp(quantity)} XP would be refused whole, nothing traded."
                    : $"{shown}: the rest of this immediate-or-cancel order would expire unfilled.");
            }
            return warnings.Count == 0 ? null : string.Join(" ", warnings);
        }
    }

    /// <summary>Prices the ticket from a clicked book level.</summary>
    public void SetPrice(decimal price)
    {
        if (_type != OrderType.Limit)
            TypeChanged(OrderType.Limit);
        ShowPrice(price);
        _error = null;
        StateHasChanged();
    }

    private void PriceTextChanged(string? text)
    {
        (_priceText, _price) = (text, PriceText.Parse(text));
        Edited();
    }

    /// <summary>
    /// The ticket changed after a refusal: the refusal described the order as it was, so it goes; a new submit
    /// checks the new one. (It stayed, and said the old price was outside the band next to a price that was not.)
    /// </summary>
    // Any edit starts a new filling-in once the last one placed an order: the next submit is a new order.
    private void Edited()
    {
        _error = null;
        if (_placedAt is not null)
        {
            _key.Renew();
            _placedAt = null;
        }
    }

    private void SideChanged(Side side)
    {
        _side = side;
        Edited();
    }

    /// <summary>Moves the price one tick (0.0001) up or down; from an empty price it starts at the best price on the side it would take.</summary>
    private void StepPrice(int ticks)
    {
        var tick = 1m / Core.Primitives.Price.TicksPerDollar;
        var levels = _side == Side.Buy ? MarketData.Book.Asks : MarketData.Book.Bids;
        var start = _price ?? (levels.Count > 0 ? levels[0].Price.Dollars : 0m);
        var next = Math.Max(tick, decimal.Round(start, 4, MidpointRounding.ToZero) + ticks * tick);
        ShowPrice(next);
        Edited();
    }

    private void ShowPrice(decimal price)
    {
        (_price, _priceText) = (price, PriceText.Format(price));
        _priceShown = (_priceText, _priceShown.Version + 1);
    }

    private void TypeChanged(OrderType type)
    {
        // The price input is drawn again when a limit ticket comes back: it shows what was last typed or set.
        if (type == OrderType.Limit && _type != OrderType.Limit)
            _priceShown = (_priceText, _priceShown.Version + 1);
        var was = _type;
        _type = type;
        Edited();
        if (type == OrderType.Market && was != OrderType.Market)
        {
            // A market order never rests: GTC becomes IOC while it is chosen, and comes back with a limit ticket.
            _postOnly = false;
            _tifBeforeMarket = _tif;
            if (_tif == TimeInForce.Gtc)
                _tif = TimeInForce.Ioc;
        }
        else if (type == OrderType.Limit && was == OrderType.Market)
        {
            if (_tifBeforeMarket is { } before && _tif == TimeInForce.Ioc)
                _tif = before;
            _tifBeforeMarket = null;
        }
    }

    // The time in force the limit ticket had when Market was chosen (restored when Limit is chosen again).
    private TimeInForce? _tifBeforeMarket;

    /// <summary>The times in force the ticket offers: a market order is IOC or FOK, never GTC.</summary>
    private IEnumerable<TimeInForce> OfferedTifs => _type == OrderType.Market ? Tifs.Where(t => t != TimeInForce.Gtc) : Tifs;

    private void PostOnlyChanged(bool postOnly)
    {
        _postOnly = postOnly;
        Edited();
        if (postOnly)
            _tif = TimeInForce.Gtc;
    }

    private void UsePercent(int percent)
    {
        Edited();
        var market = Market;
        var holdPrice = _side == Side.Buy ? OrderPreview.HoldPrice(_type, _price, MarketData.Book, market) : null;
        SetQuantity(OrderPreview.QuantityFor(_side, percent, holdPrice, Wallet?.CashAvailable ?? 0, Wallet?.XpAvailable ?? 0, market,
            _side == Side.Buy && _type == OrderType.Market ? Opposite : null));
    }

    private void SetQuantity(long? quantity)
    {
        (_quantity, _quantityText) = (quantity, quantity?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _quantityShown = (_quantityText, _quantityShown.Version + 1);
    }

    // Whole XP only (WholeXp): digits, no sign, separators or decimals, so "1.000" is never read as one or a thousand.
    private void QuantityTextChanged(string? text)
    {
        _quantityText = text;
        Edited();
        _quantity = WholeXp.Read(text).Value;
    }

    /// <summary>
    /// Why the typed price cannot be sent, shown under the field as it is typed and again on submit: not a number, not
    /// above $0, off the 0.0001 tick or above $1,000 (the checks of <see cref="PlaceOrderRequest.Validate"/>, SPEC §3);
    /// null when it can be sent or nothing is typed.
    /// </summary>
    internal static string? PriceProblem(string? text) =>
        PriceText.Problem(text) ?? (PriceText.Parse(text) is { } dollars ? PriceText.RangeProblem(dollars) : null);

    /// <summary>
    /// Why the typed quantity cannot be sent, shown under the field as it is typed and again on submit: not whole XP in
    /// digits, 0, or above 1,000,000,000 (<see cref="MatchingEngine.MaxQuantity"/>); null when it can or nothing is typed.
    /// </summary>
    internal static string? QuantityProblem(string? text) => WholeXp.Read(text, MatchingEngine.MaxQuantity) switch
    {
        (_, WholeXp.NotWhole) => "Enter the quantity as a whole number of XP, e.g. 250.",
        (_, WholeXp.Negative) => "Enter the quantity without a minus sign, e.g. 250: it is how much XP to buy or sell.",
        (_, { }) => $"The quantity can be at most {Fmt.Xp(MatchingEngine.MaxQuantity)} XP.",
        (0, null) => NoQuantity,
        _ => null,
    };

    private readonly XpFlywheel.Web.Components.Shared.FormKey _key = new();

    /// <summary>The refusal of a limit order sent without a price.</summary>
    internal const string NoPrice = "Enter a limit price in USD per XP, e.g. 0.0200.";

    /// <summary>The refusal of an order sent without a quantity.</summary>
    internal const string NoQuantity = "Enter a quantity of at least 1 XP.";

    // Set when a submit was refused for the ticket's fields: from then on a field left empty is marked under itself as
    // missing, as a field typed wrong is, not only in the summary above the button.
    private bool _checked;

    private string? PriceError => PriceProblem(_priceText) ?? (_checked && string.IsNullOrWhiteSpace(_priceText) ? NoPrice : null);

    private string? QuantityError => QuantityProblem(_quantityText) ?? (_checked && _quantity is not > 0 ? NoQuantity : null);

    /// <summary>
    /// How long after an order, or after the last repeat of it, an unchanged ticket's submit is taken as a repeat (a
    /// second Enter or click that arrived after the first was answered) and answered from the first order's key,
    /// placing nothing.
    /// </summary>
    internal static readonly TimeSpan RepeatWindow = TimeSpan.FromSeconds(1);

    // When the current key last placed an order (Stopwatch ticks); null until it does.
    private long? _placedAt;

    private async Task SubmitAsync()
    {
        if (_busy)
            return;
        if (_placedAt is { } placed && System.Diagnostics.Stopwatch.GetElapsedTime(placed) > RepeatWindow)
        {
            _key.Renew();
            _placedAt = null;
        }
        _error = null;
        _success = null;
        _successOrderId = null;
        // Every field's problem at once: an empty ticket says it needs a price and a quantity, not one per submit.
        var problems = new List<string>(2);
        _checked = true;
        if (_type == OrderType.Limit && PriceError is { } badPrice)
            problems.Add(badPrice);
        if (QuantityError is { } badQuantity)
            problems.Add(badQuantity);
        _checked = problems.Count > 0;
        if (problems.Count > 0 || _quantity is not { } quantity)
        {
            _error = string.Join(" ", problems);
            return;
        }
        _busy = true;
        try
        {
            var request = new PlaceOrderRequest(_side, _type, _type == OrderType.Limit ? _price : null, quantity,
                _type == OrderType.Market && _tif == TimeInForce.Gtc ? TimeInForce.Ioc : _tif, _postOnly,
                string.IsNullOrWhiteSpace(_clientOrderId) ? null : _clientOrderId.Trim());
            var result = await Desk.PlaceAsync(OperatorId, request, idempotencyKey: _key.Value);
            if (result.Succeeded && result.Outcome!.IsRepeat)
            {
                // The key stays, and the window runs again from this press: Enter pressed over and over places one
                // order. A submit after the window (or any edit) is a new order.
                _success = $"Order #{result.Outcome.OrderId} was placed a moment ago; this repeat placed nothing. Submit again in a moment to place another.";
                _successSeverity = MudBlazor.Severity.Info;
                _placedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            }
            else if (result.Succeeded)
            {
                // A client order id names one order, so it is cleared, and the ticket without it is a new filling-in.
                _placedAt = _clientOrderId is null ? System.Diagnostics.Stopwatch.GetTimestamp() : null;
                if (_clientOrderId is not null)
                    _key.Renew();
                _clientOrderId = null;
                _success = OrderOutcomeText.Placed(result.Outcome!);
                _successSeverity = OrderOutcomeText.Severity(result.Outcome!);
                _successOrderId = result.Outcome!.RestingQuantity > 0 ? result.Outcome.OrderId : null;
                _successRemaining = result.Outcome.RestingQuantity;
            }
            else
            {
                _error = result.ErrorMessage ?? "The order was not placed.";
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _error = "The exchange could not take the order right now. Nothing was placed; try again.";
        }
        finally
        {
            _busy = false;
        }
    }

    // Changes to the order the success line tells of, heard on the publisher's thread, applied on the next refresh.
    private readonly System.Collections.Concurrent.ConcurrentQueue<OrderChange> _followed = new();

    private void Refresh()
    {
        while (_followed.TryDequeue(out var change))
            Follow(change);
        ApplyOwnChanges();
        StateHasChanged();
    }

    // Rewrites the success line for a later change to the order it tells of (on the circuit's thread).
    private void Follow(OrderChange change)
    {
        if (_successOrderId != change.OrderId || (change.Kind == OrderChangeKind.PartiallyFilled && change.Remaining.Units == _successRemaining)
            || OrderOutcomeText.Later(change) is not { } later)
            return;
        (_success, _successSeverity) = later;
        _successRemaining = change.Remaining.Units;
        if (change.Kind is OrderChangeKind.Filled or OrderChangeKind.Cancelled or OrderChangeKind.Expired)
            _successOrderId = null;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _live?.Dispose();
    }
}
