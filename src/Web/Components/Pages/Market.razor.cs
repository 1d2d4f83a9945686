using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Web.Components.Pages;

/// <summary>
/// The trading screen. Market panels subscribe to the market data themselves; this page loads what belongs to the
/// signed-in operator (wallet, open orders and their queue places, fair value) and reloads it when the exchange says
/// that operator's orders or balances changed.
/// </summary>
public partial class Market
{
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    // Links such as the wallet's "Sell on the market" prefill the ticket: /market?side=sell&quantity=1000.
    [SupplyParameterFromQuery(Name = "side")] public string? PrefillSide { get; set; }
    [SupplyParameterFromQuery(Name = "quantity")] public string? PrefillQuantity { get; set; }

    private long? InitialQuantity => Shared.QueryPrefill.WholeNumber(PrefillQuantity);
    [SupplyParameterFromQuery(Name = "type")] public string? PrefillType { get; set; }

    private OrderType? InitialType => PrefillType?.ToLowerInvariant() switch { "market" => OrderType.Market, "limit" => OrderType.Limit, _ => null };

    private Side? InitialSide => PrefillSide?.ToLowerInvariant() switch { "sell" => Side.Sell, "buy" => Side.Buy, _ => null };

    // What the link gave that the ticket could not take (side=x, quantity=1.5, type=zzz): said above the ticket.
    private string? PrefillNotice => Shared.QueryPrefill.Unread(("side", PrefillSide, InitialSide is not null),
        ("quantity", PrefillQuantity, InitialQuantity is not null), ("type", PrefillType, InitialType is not null));
    [Inject] private OperatorDirectory Operators { get; set; } = default!;
    [Inject] private IDbContextFactory<AppDbContext> DbFactory { get; set; } = default!;
    [Inject] private ExchangeFeed Feed { get; set; } = default!;
    [Inject] private MarketDataService MarketData { get; set; } = default!;
    [Inject] private IOrderDesk Desk { get; set; } = default!;
    [Inject] private FairValueService FairValues { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private bool _loading = true;
    private string? _error;
    private long? _operatorId;
    private Data.Wallet? _wallet;
    private IReadOnlyList<OrderRecord> _openOrders = [];
    private IReadOnlyDictionary<long, QueuePosition> _positions = new Dictionary<long, QueuePosition>();
    private IReadOnlySet<long> _ownBids = new HashSet<long>();
    private IReadOnlySet<long> _ownAsks = new HashSet<long>();
    private FairValue? _fairValue;
    private OrderEntry? _entry;
    private OrderHistory? _orderHistory;
    private TradeHistory? _tradeHistory;
    private IDisposable? _subscription;
    private LiveRefresh? _live;
    private volatile bool _ordersChanged, _walletChanged;

    private string Title => MarketData.Ticker().Last is { } last ? $"{Fmt.Price(last)} XP/USD · Market" : "Market · XP Flywheel";

    protected override async Task OnInitializedAsync()
    {
        try
        {
            var user = (await AuthenticationState).User;
            _operatorId = user.Identity?.IsAuthenticated == true ? await Operators.FindOperatorIdAsync(user) : null;
            if (_operatorId is { } id)
            {
                await Task.WhenAll(LoadWalletAsync(id), LoadOrdersAsync(id));
                await LoadFairValueAsync(id);
                _live = new LiveRefresh(Clock, InvokeAsync, RefreshAsync);
                // The hint's volume moves as the operator's jobs settle; it is a read over the window's jobs, so it is
                // taken again with wallet changes at most every FairValueEvery, and once more after the last of them.
                _fairValueLive = new LiveRefresh(Clock, InvokeAsync, RefreshFairValueAsync, FairValueEvery);
                _subscription = Feed.Subscribe(e => OnExchangeEvent(id, e));
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _error = "Your balances and orders could not be loaded. Reload the page to try again.";
        }
        finally
        {
            _loading = false;
        }
    }

    private void OnExchangeEvent(long id, ExchangeEvent exchangeEvent)
    {
        switch (exchangeEvent)
        {
            case OrdersChanged orders when orders.OperatorIds.Contains(id):
                _ordersChanged = true;
                _live?.Signal();
                break;
            case BalancesChanged balances when balances.OperatorIds.Contains(id):
                _walletChanged = true;
                _live?.Signal();
                _fairValueLive?.Signal();
                break;
            case BookChanged { Moved: true } when _openOrders.Count > 0:
                // Others' orders ahead of ours may have traded or left: queue places move without our orders changing.
                _ordersChanged = true;
                _live?.Signal();
                break;
        }
    }

    private async Task RefreshAsync()
    {
        if (_operatorId is not { } id)
            return;
        try
        {
            // Cleared before reading, so a change that lands during the load signals another refresh.
            var wallet = _walletChanged;
            var orders = _ordersChanged;
            (_walletChanged, _ordersChanged) = (false, false);
            if (wallet)
                await LoadWalletAsync(id);
            if (orders)
            {
                await LoadOrdersAsync(id);
                if (_orderHistory is not null)
                    await _orderHistory.RefreshAsync();
                if (_tradeHistory is not null)
                    await _tradeHistory.RefreshAsync();
            }
            _error = null;
        }
        catch (Exception error) when (error is not OperationCanceledException and not ObjectDisposedException)
        {
            _error = "Live updates of your balances and orders stalled. Reload the page to try again.";
        }
        StateHasChanged();
    }

    private async Task LoadWalletAsync(long id)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        _wallet = await db.Wallets.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id);
    }

    private async Task LoadOrdersAsync(long id)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var open = await db.Orders.AsNoTracking()
            .Where(o => o.OperatorId == id && (o.Status == OrderStatus.Open || o.Status == OrderStatus.PartiallyFilled))
            .OrderByDescending(o => o.Id).ToListAsync();
        _openOrders = open;
        _ownBids = open.Where(o => o.Side == (int)Side.Buy).Select(o => o.PriceTicks).ToHashSet();
        _ownAsks = open.Where(o => o.Side == (int)Side.Sell).Select(o => o.PriceTicks).ToHashSet();
        _positions = open.Count == 0 ? new Dictionary<long, QueuePosition>() : await Desk.QueuePositionsAsync([.. open.Select(o => o.Id)]);
    }

    /// <summary>How often, at most, the fair-value hint is read again while the operator's wallet changes.</summary>
    internal static readonly TimeSpan FairValueEvery = TimeSpan.FromSeconds(5);

    private LiveRefresh? _fairValueLive;

    private async Task RefreshFairValueAsync()
    {
        if (_operatorId is not { } id)
            return;
        try
        {
            await LoadFairValueAsync(id);
        }
        catch (Exception error) when (error is not OperationCanceledException and not ObjectDisposedException)
        {
            // The hint keeps its last figure; the next wallet change reads it again.
        }
        StateHasChanged();
    }

    private async Task LoadFairValueAsync(long id)
    {
        var book = MarketData.Book;
        var asks = book.Asks.Select(l => new QuoteLevel(l.Price, l.Quantity)).ToArray();
        var fallback = book.LastPrice ?? book.BestAsk ?? Price.FromDollars(FairValues.EarningCost);
        _fairValue = await FairValues.ForOperatorAsync(id, asks, fallback);
    }

    private void PriceSelected(decimal price) => _entry?.SetPrice(price);

    public void Dispose()
    {
        _subscription?.Dispose();
        _live?.Dispose();
        _fairValueLive?.Dispose();
    }
}
