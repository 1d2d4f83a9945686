using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;

namespace XpFlywheel.Web.Tests.Market;

public class MarketComponentTests : MudTestContext
{
    private readonly ExchangeFeed _feed = new(NullLogger<ExchangeFeed>.Instance);
    private readonly MarketDataService _market;
    private readonly FakeOrderDesk _desk = new();

    public MarketComponentTests()
    {
        _market = new MarketDataService(_feed, TimeProvider.System);
        _market.Rebuild([]);
        Services.AddSingleton(_feed);
        Services.AddSingleton(_market);
        Services.AddSingleton<IOrderDesk>(_desk);
        Services.AddSingleton(new ParameterBoard());
    }

    private static DepthLevel Level(decimal price, long quantity, int orders = 1) => new(Price.FromDollars(price), new Xp(quantity), orders);

    private void PublishBook(DepthLevel[] bids, DepthLevel[] asks, long sequence = 1) =>
        _feed.Publish(new BookChanged(new BookSnapshot(sequence, bids, asks, null, null, false, DateTimeOffset.UtcNow)));

    // Market panels show the market of an enclosing MarketLive, as on the market page.
    private IRenderedComponent<T> RenderLive<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : Microsoft.AspNetCore.Components.IComponent =>
        Render<MarketLive>(p => p.AddChildContent(parameters ?? (_ => { }))).FindComponent<T>();

    [Fact]
    public void Ladder_shows_asks_highest_first_above_bids_best_first_with_depth_bars_and_spread()
    {
        PublishBook(
            [Level(0.0199m, 100), Level(0.0198m, 300, 2), Level(0.0190m, 600)],
            [Level(0.0201m, 200), Level(0.0203m, 200), Level(0.0210m, 600)]);

        var cut = RenderLive<OrderBookLadder>(p => p.Add(x => x.OwnAsks, new HashSet<long> { 203 }));

        var asks = cut.FindAll("[data-testid=book-asks] [data-testid=book-level]");
        var bids = cut.FindAll("[data-testid=book-bids] [data-testid=book-level]");
        Assert.Equal(["0.0210", "0.0203", "0.0201"], asks.Select(r => r.GetAttribute("data-price")));
        Assert.Equal(["0.0199", "0.0198", "0.0190"], bids.Select(r => r.GetAttribute("data-price")));
        // Cumulative depth from the spread outwards, scaled to the deepest side (1,000 XP on both here).
        Assert.Equal(["100", "40", "20"], asks.Select(r => r.GetAttribute("data-depth")));
        Assert.Equal(["10", "40", "100"], bids.Select(r => r.GetAttribute("data-depth")));
        Assert.Contains("rgba(239,83,80,.18) 20%", asks[2].GetAttribute("style"));
        var spread = cut.Find("[data-testid=book-spread]").TextContent;
        Assert.True(spread.Contains("Spread 0.0002"), spread);
        Assert.Contains("Mid 0.0200", cut.Find("[data-testid=book-spread]").TextContent);
        Assert.Single(asks[1].QuerySelectorAll("[data-testid=own-level]"));
    }

    [Fact]
    public void Ladder_groups_levels_by_the_chosen_step_bids_down_and_asks_up()
    {
        var book = new BookSnapshot(1,
            [Level(0.0199m, 100), Level(0.0195m, 300, 2), Level(0.0189m, 50)],
            [Level(0.0201m, 200), Level(0.0209m, 100), Level(0.0211m, 400)], null, null, false, DateTimeOffset.UtcNow);

        var ladder = Ladder.Build(book, groupTicks: 10);

        Assert.Equal([(0.0190m, 400L, 3), (0.0180m, 50L, 1)], ladder.Bids.Select(r => (r.Price.Dollars, r.Quantity.Units, r.Orders)));
        Assert.Equal([(0.0220m, 400L, 1), (0.0210m, 300L, 2)], ladder.Asks.Select(r => (r.Price.Dollars, r.Quantity.Units, r.Orders)));
        Assert.Equal(700, ladder.Asks[0].Cumulative.Units);
    }

    [Fact]
    public void Ladder_keeps_the_best_fifteen_levels_a_side()
    {
        var bids = Enumerable.Range(0, 20).Select(i => Level(0.0199m - i * 0.0001m, 10)).ToArray();
        var asks = Enumerable.Range(0, 20).Select(i => Level(0.0201m + i * 0.0001m, 10)).ToArray();
        PublishBook(bids, asks);

        var cut = RenderLive<OrderBookLadder>();

        Assert.Equal(15, cut.FindAll("[data-testid=book-bids] [data-testid=book-level]").Count);
        Assert.Equal(15, cut.FindAll("[data-testid=book-asks] [data-testid=book-level]").Count);
        Assert.Equal("0.0215", cut.Find("[data-testid=book-asks] [data-testid=book-level]").GetAttribute("data-price"));
    }

    [Fact]
    public void Ladder_redraws_when_the_book_changes_and_a_click_prices_the_order()
    {
        decimal? selected = null;
        var cut = RenderLive<OrderBookLadder>(p => p.Add(x => x.OnPriceSelected, (decimal price) => selected = price));
        Assert.NotNull(cut.Find("[data-testid=book-empty]"));

        PublishBook([Level(0.0150m, 100)], [Level(0.0160m, 100)], sequence: 2);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=book-level]").Count));
        cut.OnRenderer(() => cut.Find("[data-testid=book-bids] [data-testid=book-level]").Click());
        cut.WaitForAssertion(() => Assert.Equal(0.0150m, selected));
    }

    [Fact]
    public void Order_entry_previews_notional_fee_and_total()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));

        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("1500"));

        // 1,500 XP × $0.02 = $30; taker fee 0.10% = $0.03; a buy pays both.
        Assert.Equal("$30.00", cut.Find("[data-testid=preview-notional]").TextContent.Trim());
        Assert.Equal("$0.03", cut.Find("[data-testid=preview-fee]").TextContent.Trim());
        Assert.Equal("$30.03", cut.Find("[data-testid=preview-total]").TextContent.Trim());
    }

    /// <summary>
    /// The preview shows the fee and total to the micro-dollar, as the fill, the trade history and the wallet's
    /// movements charge them: $0.0594, not $0.06 beside a history that says $0.0594.
    /// </summary>
    [Fact]
    public void Order_entry_previews_fee_and_total_to_the_micro_dollar_as_charged()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));

        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0198"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("3000"));

        Assert.Equal("$59.40", cut.Find("[data-testid=preview-notional]").TextContent.Trim());
        Assert.Equal("$0.0594", cut.Find("[data-testid=preview-fee]").TextContent.Trim());
        Assert.Equal("$59.4594", cut.Find("[data-testid=preview-total]").TextContent.Trim());
    }

    /// <summary>
    /// The preview warns before sending what the exchange would refuse or leave unfilled: a fill-or-kill beyond what
    /// the book shows at its limit, an immediate-or-cancel remainder that would expire, a buy the available cash cannot
    /// hold (the 100% button's size) and a sell of more XP than is available; every one that applies at once. Nothing of
    /// it is sent.
    /// </summary>
    [Fact]
    public void Order_entry_warns_of_what_the_book_or_the_wallet_cannot_take()
    {
        PublishBook([Level(0.0190m, 1_000)], [Level(0.0195m, 100), Level(0.0200m, 100), Level(0.0210m, 1_000)]);
        var wallet = new Data.Wallet { Id = 7, XpAvailable = 300, CashAvailable = 10_000_000 };
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Wallet, wallet));
        string? Warning() => cut.FindAll("[data-testid=preview-warning]").SingleOrDefault()?.TextContent.Trim();

        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("400"));
        Assert.Null(Warning());
        cut.OnRenderer(() => cut.Find("select[data-testid=order-tif]").Change("Fok"));
        Assert.Equal("The book shows 200 XP at $0.0200 or better: a fill-or-kill of 400 XP would be refused whole, nothing traded.", Warning());
        cut.OnRenderer(() => cut.Find("select[data-testid=order-tif]").Change("Ioc"));
        Assert.Equal("The book shows 200 XP at $0.0200 or better: the rest of this immediate-or-cancel order would expire unfilled.", Warning());

        // $10 at $0.0200 plus the most fee ($0.02002 an XP) holds 499 XP.
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("600"));
        Assert.Contains("Your available cash ($10.00) holds at most 499 XP for this order, fee included", Warning());
        Assert.EndsWith("The book shows 200 XP at $0.0200 or better: the rest of this immediate-or-cancel order would expire unfilled.", Warning());

        cut.OnRenderer(() => cut.Find("[data-testid=side-sell]").Click());
        cut.OnRenderer(() => cut.Find("select[data-testid=order-tif]").Change("Gtc"));
        Assert.Equal("You have 300 XP available: the exchange would refuse a sell of 600.", Warning());
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("300"));
        Assert.Null(Warning());
        Assert.Empty(_desk.Placed);
    }

    /// <summary>An empty limit ticket says at once that it needs a price and a quantity, and sends nothing.</summary>
    [Fact]
    public void An_empty_limit_ticket_names_every_missing_field_at_once()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));

        cut.OnRenderer(() => cut.Find("[data-testid=place-order]").Click());

        var error = cut.Find("[data-testid=order-error]").TextContent;
        Assert.Contains(OrderEntry.NoPrice, error);
        Assert.Contains("Enter a quantity of at least 1 XP.", error);
        Assert.Empty(_desk.Placed);
        Assert.Contains("novalidate", cut.Find("[data-testid=order-form]").OuterHtml);
    }

    /// <summary>
    /// A limit price outside the band is warned of as it is typed, with the prices accepted around the reference, as
    /// the refusal would say after sending: cash and XP shortfalls already were, the band was not.
    /// </summary>
    [Fact]
    public void Order_entry_warns_of_a_limit_price_outside_the_band_before_sending()
    {
        _feed.Publish(new BookChanged(new BookSnapshot(5, [Level(0.0190m, 100)], [Level(0.0200m, 100)], new Price(198), new Price(198), false, DateTimeOffset.UtcNow)));
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        string? Warning() => cut.FindAll("[data-testid=preview-warning]").SingleOrDefault()?.TextContent.Trim();

        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("10"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0150"));
        cut.WaitForAssertion(() => Assert.Equal(
            "The price is outside the ±20% band around the reference price $0.0198: limit prices from $0.0159 to $0.0237 are accepted now: the exchange would refuse this one.", Warning()));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0237"));
        Assert.Null(Warning());
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("2"));
        Assert.Contains("outside the ±20% band", Warning());

        // A halted market refuses every order as halted first: the band is not the reason to tell then.
        _feed.Publish(new BookChanged(new BookSnapshot(6, [Level(0.0190m, 100)], [Level(0.0200m, 100)], new Price(198), new Price(198), true, DateTimeOffset.UtcNow)));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("1.5"));
        cut.WaitForAssertion(() => Assert.Null(Warning()));
        Assert.Empty(_desk.Placed);
    }

    [Fact]
    public void Order_entry_shows_the_engines_refusal_reason_inline()
    {
        _desk.NextResult = TradeResult.From(new OrderOutcome(false, RejectReason.PriceOutsideBand, 0, false, 0, 0, [], [], MarketParameters.Default.BandBps));
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0500"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("10"));

        cut.OnRenderer(() => cut.Find("[data-testid=place-order]").Click());

        cut.WaitForAssertion(() => Assert.Contains("outside the ±20% band", cut.Find("[data-testid=order-error]").TextContent));
        var placed = Assert.Single(_desk.Placed);
        Assert.Equal((7L, Side.Buy, OrderType.Limit, 0.0500m, 10L), (placed.OperatorId, placed.Request.Side, placed.Request.Type, placed.Request.Price, placed.Request.Quantity));
    }

    [Fact]
    public void Order_entry_sizes_a_sell_from_a_share_of_available_xp()
    {
        var wallet = new Data.Wallet { Id = 7, XpAvailable = 1_000, CashAvailable = 0 };
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Wallet, wallet));
        cut.OnRenderer(() => cut.Find("[data-testid=side-sell]").Click());

        cut.OnRenderer(() => cut.FindAll("button").First(b => b.TextContent.Trim() == "75%").Click());

        Assert.Equal("750", cut.Find("input[data-testid=order-quantity]").GetAttribute("value"));
    }

    [Fact]
    public void Open_orders_cancel_calls_the_engine_and_show_the_queue_place()
    {
        var order = new OrderRecord { Id = 42, OperatorId = 7, Side = (int)Side.Sell, PriceTicks = 210, Quantity = 500, Remaining = 500, Status = OrderStatus.Open };
        var cut = Render<OpenOrders>(p => p
            .Add(x => x.OperatorId, 7)
            .Add(x => x.Orders, [order])
            .Add(x => x.Positions, new Dictionary<long, QueuePosition> { [42] = new(1, new Xp(1_500)) }));

        Assert.Equal("2nd at 0.0210, 1,500 XP ahead", cut.Find("[data-testid=queue-position]").TextContent.Trim());
        cut.OnRenderer(() => cut.Find("[data-testid=cancel-order]").Click());

        Assert.Equal([(7L, 42L)], _desk.Cancelled);
        Assert.Contains("Order #42 cancelled: its hold is released.", cut.Markup);
    }

    /// <summary>
    /// A double click on an order's cancel sends one cancel: the second click, arriving while the first is with the
    /// exchange, does nothing. It had cancelled again and shown "No open order with this id." beside "Order #42
    /// cancelled", telling the user both that it failed and that it worked.
    /// </summary>
    [Fact]
    public async Task A_double_click_on_cancel_sends_one_cancel_and_shows_only_its_outcome()
    {
        _desk.CancelGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new OrderRecord { Id = 42, OperatorId = 7, Side = (int)Side.Sell, PriceTicks = 210, Quantity = 500, Remaining = 500, Status = OrderStatus.Open };
        var cut = Render<OpenOrders>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Orders, [order]));
        var button = cut.Find("[data-testid=cancel-order]");

        var first = cut.InvokeAsync(() => button.ClickAsync(new()));
        var second = cut.InvokeAsync(() => button.ClickAsync(new()));
        _desk.CancelGate.SetResult();
        await first;
        await second;

        Assert.Equal([(7L, 42L)], _desk.Cancelled);
        cut.WaitForAssertion(() => Assert.Contains("Order #42 cancelled: its hold is released.", cut.Markup));
        Assert.DoesNotContain("No open order with this id.", cut.Markup);
    }

    /// <summary>
    /// Cancel all takes every order out of the queue at once: it asks first, naming how many; kept, nothing is cancelled.
    /// The button stays enabled while it asks, so focus can return to it.
    /// </summary>
    [Fact]
    public async Task Cancel_all_asks_first_and_cancels_nothing_when_declined()
    {
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<OpenOrders>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Orders, [Resting(41), Resting(42)]));

        // Found and pressed in one step on the renderer's dispatcher: the live page may re-render between a find and a press.
        var clicked = cut.InvokeAsync(() => cut.Find("[data-testid=cancel-all]").ClickAsync(new()));
        dialogs.WaitForAssertion(() => Assert.Contains("Cancel all 2 of your open orders?", dialogs.Markup));
        // Not disabled while asked: a disabled button loses the keyboard focus, which Keep them or Escape would return to the page body.
        Assert.False(cut.Find("[data-testid=cancel-all]").HasAttribute("disabled"));
        dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Keep them").Click());
        await clicked;
        Assert.Equal(0, _desk.CancelAllCalls);

        clicked = cut.InvokeAsync(() => cut.Find("[data-testid=cancel-all]").ClickAsync(new()));
        dialogs.WaitForAssertion(() => dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel all").Click()));
        await clicked;
        Assert.Equal(1, _desk.CancelAllCalls);
    }

    /// <summary>
    /// Cancel all with one open order asks about that order in the singular: "its hold", "Keep it", never "their" or
    /// "them"; and says afterwards that one order was cancelled.
    /// </summary>
    [Fact]
    public async Task Cancel_all_with_one_open_order_speaks_of_it_in_the_singular()
    {
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<OpenOrders>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Orders, [Resting(41)]));
        _desk.NextResult = TradeResult.From(new OrderOutcome(true, RejectReason.None, 0, false, 0, 0, [],
            [new CancelledOrder(41, 7, Side.Sell, new Price(210), new Xp(500), CancelReason.Requested)], MarketParameters.Default.BandBps));

        var clicked = cut.InvokeAsync(() => cut.Find("[data-testid=cancel-all]").ClickAsync(new()));
        dialogs.WaitForAssertion(() => Assert.Contains("Cancel your open order? Its hold is released and it loses its place in the queue.", dialogs.Markup));
        Assert.DoesNotContain("their", dialogs.Markup, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Keep it");
        dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel all").Click());
        await clicked;

        Assert.Equal(1, _desk.CancelAllCalls);
        cut.WaitForAssertion(() => Assert.Contains("1 order cancelled: its hold is released.", cut.Markup));
    }

    /// <summary>An amend that traded nothing still says it was applied, with what now rests.</summary>
    [Fact]
    public void An_amend_that_trades_nothing_says_what_now_rests()
    {
        _desk.NextResult = TradeResult.From(new OrderOutcome(true, RejectReason.None, 42, false, 0, 300, [], [], MarketParameters.Default.BandBps));
        var cut = Render<OpenOrders>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Orders, [Resting(42)]));

        cut.OnRenderer(() => cut.Find("button[aria-label='Amend order 42']").Click());
        Input(cut, "amend-quantity").Input("300");
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click());

        Assert.Equal([(7L, 42L, (long?)300, (decimal?)null)], _desk.Amended);
        Assert.Contains("Order #42 amended: 300 XP at $0.0210 rests in the book.", cut.Markup);
    }

    // The element the last FocusAsync call was for, by the id of its reference.
    private string LastFocused() =>
        ((Microsoft.AspNetCore.Components.ElementReference)JSInterop.Invocations.Last(i => i.Identifier == "Blazor._internal.domWrapper.focus").Arguments[0]!).Id;

    private static string Target(IRenderedComponent<OpenOrders> cut, string kind, long orderId = 0) => cut.Instance.FocusTargetOf(kind, orderId)!.Value.Id;

    private static OrderRecord Resting(long id) =>
        new() { Id = id, OperatorId = 7, Side = (int)Side.Sell, PriceTicks = 210, Quantity = 500, Remaining = 500, Status = OrderStatus.Open };

    /// <summary>Keyboard focus follows an amend: into the price field, then back to the row's Amend button on Save or Back.</summary>
    [Fact]
    public void Open_orders_focus_follows_an_amend_and_returns_to_its_row()
    {
        var cut = Render<OpenOrders>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Orders, [Resting(41), Resting(42)]));

        cut.OnRenderer(() => cut.Find("button[aria-label='Amend order 42']").Click());
        // The price field's input: focused once, and no button of the list.
        Assert.Single(JSInterop.Invocations, i => i.Identifier == "Blazor._internal.domWrapper.focus");
        Assert.DoesNotContain(LastFocused(), new[] { Target(cut, "amend", 41), Target(cut, "cancel", 41), Target(cut, "cancel", 42) });

        Input(cut, "amend-quantity").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" });
        Assert.Equal(Target(cut, "amend", 42), LastFocused());

        cut.OnRenderer(() => cut.Find("button[aria-label='Amend order 41']").Click());
        Input(cut, "amend-quantity").Input("300");
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click());
        Assert.Equal(Target(cut, "amend", 41), LastFocused());
    }

    /// <summary>
    /// Saving an amend with Enter never leaves focus on the page body: focus moves to the row itself while the edit's
    /// fields are still there, and only then to the row's Amend button once they are gone.
    /// </summary>
    [Fact]
    public void Focus_rests_on_the_row_while_an_amend_edit_closes_never_on_the_page_body()
    {
        _desk.NextResult = TradeResult.From(new OrderOutcome(true, RejectReason.None, 42, false, 0, 500, [], [], MarketParameters.Default.BandBps));
        var cut = Render<OpenOrders>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Orders, [Resting(41), Resting(42)]));
        cut.OnRenderer(() => cut.Find("button[aria-label='Amend order 42']").Click());
        Input(cut, "amend-price").Input("0.0212");
        string? rowFocusedWhileFieldShown = null;
        JSInterop.SetupVoid("Blazor._internal.domWrapper.focus", invocation =>
        {
            if (((Microsoft.AspNetCore.Components.ElementReference)invocation.Arguments[0]!).Id == Target(cut, "row", 42))
                rowFocusedWhileFieldShown = cut.FindAll("[data-testid=amend-price]").Count > 0 ? "shown" : "gone";
            return true;
        }).SetVoidResult();
        var before = JSInterop.Invocations.Count(i => i.Identifier == "Blazor._internal.domWrapper.focus");

        Input(cut, "amend-price").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        cut.WaitForAssertion(() => Assert.Equal(Target(cut, "amend", 42), LastFocused()));
        var after = JSInterop.Invocations.Where(i => i.Identifier == "Blazor._internal.domWrapper.focus").Skip(before)
            .Select(i => ((Microsoft.AspNetCore.Components.ElementReference)i.Arguments[0]!).Id).ToList();
        Assert.Equal([Target(cut, "row", 42), Target(cut, "amend", 42)], after);
        Assert.Equal("shown", rowFocusedWhileFieldShown);
        Assert.Empty(cut.FindAll("[data-testid=amend-price]"));
    }

    /// <summary>After a cancel, focus goes to the row that took the cancelled one's place, else the row above, else the empty list's message.</summary>
    [Fact]
    public void Open_orders_focus_after_a_cancel_goes_to_the_next_row()
    {
        var cut = Render<OpenOrders>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Orders, [Resting(41), Resting(42), Resting(43)]));

        cut.OnRenderer(() => cut.Find("button[aria-label='Cancel order 42']").Click());
        cut.Render(p => p.Add(x => x.Orders, [Resting(41), Resting(43)]));
        Assert.Equal(Target(cut, "cancel", 43), LastFocused());

        cut.OnRenderer(() => cut.Find("button[aria-label='Cancel order 43']").Click());
        cut.Render(p => p.Add(x => x.Orders, [Resting(41)]));
        Assert.Equal(Target(cut, "cancel", 41), LastFocused());

        cut.OnRenderer(() => cut.Find("button[aria-label='Cancel order 41']").Click());
        cut.Render(p => p.Add(x => x.Orders, Array.Empty<OrderRecord>()));
        Assert.Equal(Target(cut, "empty"), LastFocused());
    }

    /// <summary>
    /// After a confirmed Cancel all, the button and every row leave the page: focus goes to the empty list's message once
    /// the list shows the orders gone, not to the page body, as after the last single cancel.
    /// </summary>
    [Fact]
    public async Task Open_orders_focus_after_cancel_all_goes_to_the_empty_list()
    {
        _desk.NextResult = TradeResult.From(new OrderOutcome(true, RejectReason.None, 0, false, 0, 0, [],
            [new CancelledOrder(41, 7, Side.Sell, new Price(210), new Xp(500), CancelReason.Requested), new CancelledOrder(42, 7, Side.Sell, new Price(210), new Xp(500), CancelReason.Requested)],
            MarketParameters.Default.BandBps));
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<OpenOrders>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Orders, [Resting(41), Resting(42)]));

        // Found and pressed in one step on the renderer's dispatcher: the live page may re-render between a find and a press.
        var clicked = cut.InvokeAsync(() => cut.Find("[data-testid=cancel-all]").ClickAsync(new()));
        dialogs.WaitForAssertion(() => dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel all").Click()));
        await clicked;
        var focusedBefore = JSInterop.Invocations.Count(i => i.Identifier == "Blazor._internal.domWrapper.focus");
        cut.Render(p => p.Add(x => x.Orders, Array.Empty<OrderRecord>()));

        Assert.Equal(focusedBefore + 1, JSInterop.Invocations.Count(i => i.Identifier == "Blazor._internal.domWrapper.focus"));
        Assert.Equal(Target(cut, "empty"), LastFocused());
    }

    private IRenderedComponent<OpenOrders> EditingOrder42()
    {
        var order = new OrderRecord { Id = 42, OperatorId = 7, Side = (int)Side.Sell, PriceTicks = 210, Quantity = 500, Remaining = 500, Status = OrderStatus.Open };
        var cut = Render<OpenOrders>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Orders, [order]));
        cut.OnRenderer(() => cut.Find("button[aria-label='Amend order 42']").Click());
        return cut;
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<OpenOrders> cut, string testId) =>
        cut.Find($"[data-testid={testId}]") is { TagName: "INPUT" } input ? input : cut.Find($"[data-testid={testId}] input");

    /// <summary>
    /// An amend quantity the field cannot read ("-1") is refused in one voice: the summary says what the field says,
    /// where it had said "Enter the new quantity as a whole number" above "Enter the amount without a minus sign".
    /// </summary>
    [Fact]
    public void An_unreadable_amend_quantity_is_refused_with_the_fields_own_reason_only()
    {
        var cut = EditingOrder42();

        Input(cut, "amend-quantity").Input("-1");
        Input(cut, "amend-quantity").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        var summary = cut.Find("[data-testid=open-orders-error]").TextContent.Trim();
        Assert.Contains("minus sign", summary);
        Assert.DoesNotContain("Enter the new quantity", cut.Markup);
        Assert.Empty(_desk.Amended);
    }

    [Fact]
    public void Amend_by_Enter_saves_as_the_Save_button_does()
    {
        var cut = EditingOrder42();

        Input(cut, "amend-quantity").Input("300");
        Input(cut, "amend-quantity").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        Assert.Equal([(7L, 42L, (long?)300, (decimal?)null)], _desk.Amended);
        Assert.Empty(cut.FindAll("[data-testid=amend-quantity]"));
    }

    /// <summary>
    /// An amend that trades, or that makes self-trade prevention cancel another of the trader's orders, says so under the
    /// list; one that only changed the order says nothing, and the next action clears the notice.
    /// </summary>
    [Fact]
    public void An_amend_that_traded_or_cancelled_an_own_order_says_so()
    {
        var cut = Render<OpenOrders>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Orders, [Resting(41), Resting(42)]));
        var stp = new CancelledOrder(41, 7, Side.Sell, new Price(210), new Xp(500), CancelReason.SelfTradePrevention);
        _desk.NextResult = TradeResult.From(new OrderOutcome(true, RejectReason.None, 42, false, 200, 300, [], [stp], MarketParameters.Default.BandBps));

        cut.OnRenderer(() => cut.Find("button[aria-label='Amend order 42']").Click());
        Input(cut, "amend-quantity").Input("300");
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click());

        var notice = cut.Find("[data-testid=open-orders-notice]");
        Assert.Contains("Order #42 amended: 200 XP filled, 300 XP resting.", notice.TextContent);
        Assert.Contains("Self-trade prevention cancelled your order #41 (500 XP at $0.0210)", notice.TextContent);
        Assert.Contains("warning", notice.ClassName, StringComparison.OrdinalIgnoreCase);

        // An amend that only changed the order: the old notice is gone, and the new one says what now rests.
        _desk.NextResult = TradeResult.From(new OrderOutcome(true, RejectReason.None, 41, false, 0, 250, [], [], MarketParameters.Default.BandBps));
        cut.OnRenderer(() => cut.Find("button[aria-label='Amend order 41']").Click());
        Assert.Empty(cut.FindAll("[data-testid=open-orders-notice]"));
        Input(cut, "amend-quantity").Input("250");
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click());
        var changed = cut.Find("[data-testid=open-orders-notice]");
        Assert.Equal("Order #41 amended: 250 XP at $0.0210 rests in the book.", changed.TextContent.Trim());
        Assert.DoesNotContain("warning", changed.ClassName, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An amend that fills all that was left removes the row: focus goes where a cancel's would, not to the gone row.</summary>
    [Fact]
    public void Open_orders_focus_after_an_amend_that_filled_the_order_goes_to_the_next_row()
    {
        var cut = Render<OpenOrders>(p => p.Add(x => x.OperatorId, 7).Add(x => x.Orders, [Resting(41), Resting(42)]));
        _desk.NextResult = TradeResult.From(new OrderOutcome(true, RejectReason.None, 41, false, 500, 0, [], [], MarketParameters.Default.BandBps));

        cut.OnRenderer(() => cut.Find("button[aria-label='Amend order 41']").Click());
        Input(cut, "amend-quantity").Input("500");
        Input(cut, "amend-price").Input("0.0215");
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click());
        cut.Render(p => p.Add(x => x.Orders, [Resting(42)]));

        Assert.Equal(Target(cut, "cancel", 42), LastFocused());
        Assert.Contains("Order #41 amended: 500 XP filled.", cut.Find("[data-testid=open-orders-notice]").TextContent);
    }

    /// <summary>An amend price between ticks is refused as a new order's is, in the ticket's words, never rounded to the nearest tick (which may trade at once).</summary>
    [Theory]
    [InlineData("0.01905", "must be a multiple of the 0.0001 tick")]
    [InlineData("abc", "Enter the price as a number")]
    [InlineData("-0.0200", "must be above $0")]
    public void An_amend_price_off_the_tick_or_unreadable_is_refused_not_rounded(string typed, string message)
    {
        var cut = EditingOrder42();

        Input(cut, "amend-price").Input(typed);
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click());

        Assert.Empty(_desk.Amended);
        Assert.Contains(message, cut.Find("[data-testid=open-orders-error]").TextContent);
        Assert.NotEmpty(cut.FindAll("[data-testid=amend-price]"));
    }

    /// <summary>
    /// The amend field a refusal is about is marked invalid (aria-invalid) with the message under it, as well as in the
    /// list's banner: on a phone the banner may be scrolled away, and a screen reader reads the field's own state.
    /// </summary>
    [Theory]
    [InlineData("amend-price", "abc", "Enter the price as a number")]
    [InlineData("amend-price", "0.01905", "must be a multiple of the 0.0001 tick")]
    [InlineData("amend-quantity", "", "Enter the new quantity")]
    public void A_refused_amend_field_is_marked_invalid_with_its_message_beside_it(string field, string typed, string message)
    {
        var cut = EditingOrder42();

        Input(cut, field).Input(typed);
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click());

        Assert.Empty(_desk.Amended);
        cut.WaitForAssertion(() => Assert.Equal("true", Input(cut, field).GetAttribute("aria-invalid")));
        var cell = Input(cut, field).Closest("td")!;
        Assert.Contains(message, cell.TextContent);
        var other = field == "amend-price" ? "amend-quantity" : "amend-price";
        Assert.NotEqual("true", Input(cut, other).GetAttribute("aria-invalid"));
    }

    [Fact]
    public void Amend_with_an_emptied_field_is_refused_with_a_message_and_stays_open()
    {
        var cut = EditingOrder42();

        Input(cut, "amend-price").Input("");
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click());

        Assert.Empty(_desk.Amended);
        Assert.Contains("Enter the new price", cut.Find("[data-testid=open-orders-error]").TextContent);
        Assert.NotEmpty(cut.FindAll("[data-testid=amend-price]"));
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Back").Click());
        Assert.Empty(cut.FindAll("[data-testid=open-orders-error]"));
    }

    [Fact]
    public async Task Market_panels_share_one_subscription_that_ends_when_they_are_disposed()
    {
        Render<MarketLive>(p => p.AddChildContent<OrderBookLadder>().AddChildContent<TradeTape>().AddChildContent<TickerBar>());
        Assert.Equal(1, _market.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, _market.SubscriberCount);
    }

    [Fact]
    public async Task The_market_page_shows_a_batchs_book_before_its_trades_and_the_ticker_last_all_of_one_sequence()
    {
        var cut = Render<MarketLive>();
        var shown = new List<(MarketPart Part, long Sequence, int Trades, Price? BestAsk, Price? Last)>();
        var allShown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Followed in the opposite order: the order shown is the parts', not the followers'.
        foreach (var part in new[] { MarketPart.Ticker, MarketPart.Trades, MarketPart.Book })
        {
            await cut.InvokeAsync(() => cut.Instance.Follow(part, view =>
            {
                shown.Add((part, view.Sequence, view.Trades.Count, view.Book.BestAsk, view.Ticker.Last));
                if (shown.Count == 3)
                    allShown.TrySetResult();
            }));
        }

        var trade = new TradePrint(1, Price.FromDollars(0.0200m), new Xp(100), Side.Buy, DateTimeOffset.UtcNow, 7);
        _feed.Publish(new BookChanged(
            new BookSnapshot(7, [], [Level(0.0200m, 400)], trade.Price, trade.Price, false, DateTimeOffset.UtcNow), [trade]));

        var after = (7L, 1, (Price?)Price.FromDollars(0.0200m), (Price?)trade.Price);
        await allShown.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([(MarketPart.Book, after), (MarketPart.Trades, after), (MarketPart.Ticker, after)],
            shown.Select(s => (s.Part, (s.Sequence, s.Trades, s.BestAsk, s.Last))));
    }
}
